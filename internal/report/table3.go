package report

import (
	"strings"

	"github.com/goccy/go-yaml/ast"
)

var (
	table3TopIx   = newLabelIndex(RowNew, RowCarriedIn, RowResults, RowCarryOut)
	table3GroupIx = func() labelIndex {
		ix := newLabelIndex(RowTotal, GroupOther)
		for _, g := range table3Groups {
			ix.add(g.Label, g.Label)
		}
		ix.add("（二）部分公开", table3Groups[1].Label)
		return ix
	}()
	table4GroupIx = newLabelIndex(Table4Groups...)
)

func (p *fmParser) table3(kv pair) *Table3 {
	p.r.pos["table3"] = kv.keyPos
	top, ok := p.mapping(kv.value, "table3")
	if !ok {
		return nil
	}
	t := &Table3{Rows: map[string][]Cell{}, Pos: kv.keyPos}
	for _, row := range top {
		if label, found := table3TopIx.lookup(row.key); found {
			if label == RowResults {
				p.r.pos["table3."+RowResults] = row.keyPos
				groups, _ := p.mapping(row.value, "table3."+RowResults)
				for _, g := range groups {
					p.table3Group(t, g)
				}
				continue
			}
			p.table3Row(t, label, row)
			continue
		}
		if _, found := table3GroupIx.lookup(row.key); found {
			// An outcome group written without the 三、本年度办理结果 level.
			p.table3Group(t, row)
			continue
		}
		p.d.errorf("S2", row.keyPos, "table3."+row.key, "one of "+strings.Join([]string{RowNew, RowCarriedIn, RowResults, RowCarryOut}, ", "),
			"unknown row %q in table 三", row.key)
	}
	if t.Layout == "" {
		t.Layout = DefaultLayout(p.r.Year)
	}
	var missing []string
	for _, def := range Table3Rows[t.Layout] {
		if _, ok := t.Rows[def.Key]; !ok && !p.r.broken["table3."+def.Group] {
			missing = append(missing, def.Key)
		}
	}
	p.missingRows(kv.keyPos, "table3", "三", missing, "every row of table 三 in the "+string(t.Layout)+" layout")
	return t
}

func (p *fmParser) table3Row(t *Table3, key string, row pair) {
	path := "table3." + key
	if _, dup := t.Rows[key]; dup {
		p.d.errorf("F3", row.keyPos, path, "each row once", "row %s given twice (as %q)", key, row.key)
		return
	}
	p.r.pos[path] = row.keyPos
	cells, ok := p.rowCells(row.value, path, Table3Columns)
	if !ok {
		p.r.broken[path] = true
	}
	t.Rows[key] = cells
}

func (p *fmParser) table3Group(t *Table3, g pair) {
	label, found := table3GroupIx.lookup(g.key)
	if !found {
		p.d.errorf("S2", g.keyPos, "table3."+g.key, "（一）予以公开 … （七）总计", "unknown group %q under %s", g.key, RowResults)
		return
	}
	var items []string
	for _, def := range table3Groups {
		if def.Label == label {
			items = def.Items
		}
	}
	if label == GroupOther {
		// （六）其他处理 is one row in the 2019 layout and three in the 2021 one.
		if isItemMap(g.value) {
			t.Layout, items = Layout2021, OtherItems2021
		} else {
			t.Layout = Layout2019
		}
	}
	if items == nil {
		p.table3Row(t, label, g)
		return
	}
	path := "table3." + label
	p.r.pos[path] = g.keyPos
	subs, ok := p.mapping(g.value, path)
	if !ok {
		p.r.broken[path] = true
		return
	}
	ix := newLabelIndex(items...)
	for _, s := range subs {
		item, found := ix.lookup(s.key)
		if !found {
			p.d.errorf("S2", s.keyPos, path+"/"+s.key, "one of "+strings.Join(items, ", "), "unknown item %q of %s", s.key, label)
			continue
		}
		p.table3Row(t, label+"/"+item, s)
	}
}

// isItemMap tells a group of sub-items from a row written as a map of
// columns: a group has a sub-item label among its keys, or no column label
// at all; a map with a column label and no sub-item is a row, even if some
// of its other keys are wrong.
func isItemMap(n ast.Node) bool {
	keys, ok := mappingKeys(n)
	if !ok {
		return false
	}
	cols := newLabelIndex(Table3Columns...)
	items := newLabelIndex(OtherItems2021...)
	anyCol := false
	for _, k := range keys {
		if _, isCol := cols[foldLabel(k)]; isCol {
			anyCol = true
		} else if _, isItem := items.lookup(k); isItem {
			return true
		}
	}
	return !anyCol
}

// table4Path is the data path of a group of table 四.
func table4Path(g int) string {
	if g == GroupReview {
		return "table4." + Table4Groups[g]
	}
	return "table4.行政诉讼." + Table4Groups[g]
}

func (p *fmParser) table4(kv pair) *Table4 {
	p.r.pos["table4"] = kv.keyPos
	top, ok := p.mapping(kv.value, "table4")
	if !ok {
		return nil
	}
	t := &Table4{Pos: kv.keyPos}
	seen := [3]bool{}
	var group func(pair)
	group = func(g pair) {
		if k := foldLabel(g.key); k == "行政诉讼" {
			p.r.pos["table4.行政诉讼"] = g.keyPos
			subs, _ := p.mapping(g.value, "table4.行政诉讼")
			for _, s := range subs {
				group(s)
			}
			return
		}
		label, found := table4GroupIx.lookup(strings.TrimPrefix(foldLabel(g.key), "行政诉讼"))
		if !found {
			p.d.errorf("S2", g.keyPos, "table4."+g.key, "行政复议, 行政诉讼: {未经复议直接起诉, 复议后起诉}", "unknown group %q in table 四", g.key)
			return
		}
		i := indexOf(Table4Groups, label)
		path := table4Path(i)
		if seen[i] {
			p.d.errorf("F3", g.keyPos, path, "each group once", "group %s given twice", label)
			return
		}
		seen[i] = true
		p.r.pos[path] = g.keyPos
		cells, ok := p.rowCells(g.value, path, Table4Columns)
		if !ok {
			p.r.broken[path] = true
		}
		t.Groups[i] = cells
	}
	for _, g := range top {
		group(g)
	}
	for i, ok := range seen {
		if !ok {
			p.d.errorf("S1", kv.keyPos, table4Path(i), "the three groups 行政复议, 未经复议直接起诉, 复议后起诉", "table 四 has no group %s", Table4Groups[i])
		}
	}
	return t
}

// maxListedRows is how many missing rows are reported one by one; more are
// reported as one finding listing them, so a table left out is one finding.
const maxListedRows = 3

func (p *fmParser) missingRows(pos Pos, table, num string, missing []string, expected string) {
	if len(missing) > maxListedRows {
		p.d.errorf("S1", pos, table, expected, "table %s lacks %d rows: %s", num, len(missing), strings.Join(missing, ", "))
		return
	}
	for _, m := range missing {
		p.d.errorf("S1", pos, table+"."+m, expected, "table %s has no row %s", num, m)
	}
}
