package report

import (
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// other returns the layout that is not l.
func other(l Layout) Layout {
	if l == Layout2019 {
		return Layout2021
	}
	return Layout2019
}

// table2Index finds rows of table 二 and their columns in one layout.
type table2Index struct {
	rows labelIndex
	defs map[string]Row2
	cols labelIndex // every column label of the layout
}

var table2Ix = map[Layout]table2Index{Layout2019: newTable2Index(Layout2019), Layout2021: newTable2Index(Layout2021)}

func newTable2Index(l Layout) table2Index {
	ix := table2Index{rows: labelIndex{}, defs: map[string]Row2{}, cols: labelIndex{}}
	for _, row := range Table2Rows[l] {
		ix.rows.add(row.Label, row.Label)
		ix.defs[row.Label] = row
		for _, c := range row.Columns {
			ix.cols.add(c.Label, c.Label)
			ix.cols.add(c.DataLabel(), c.Label)
		}
	}
	return ix
}

func columnIndex(row Row2) labelIndex {
	ix := labelIndex{}
	for _, c := range row.Columns {
		ix.add(c.Label, c.Label)
		ix.add(c.DataLabel(), c.Label)
	}
	return ix
}

// detectTable2 votes on the layout from the labels that belong to one
// layout only; a tie goes to the layout of the report year.
func (p *fmParser) detectTable2(rows []pair) (Layout, []string) {
	votes := map[Layout][]string{}
	vote := func(label string, in2019, in2021 bool) {
		switch {
		case in2019 && !in2021:
			votes[Layout2019] = append(votes[Layout2019], label)
		case in2021 && !in2019:
			votes[Layout2021] = append(votes[Layout2021], label)
		}
	}
	for _, row := range rows {
		if row.key == "extra" {
			continue
		}
		_, a := table2Ix[Layout2019].rows.lookup(row.key)
		_, b := table2Ix[Layout2021].rows.lookup(row.key)
		vote(row.key, a, b)
		cols, _ := mappingKeys(row.value)
		for _, c := range cols {
			_, a := table2Ix[Layout2019].cols.lookup(c)
			_, b := table2Ix[Layout2021].cols.lookup(c)
			vote(c, a, b)
		}
	}
	n19, n21 := len(votes[Layout2019]), len(votes[Layout2021])
	switch {
	case n19 > n21:
		return Layout2019, votes[Layout2019]
	case n21 > n19:
		return Layout2021, votes[Layout2021]
	}
	return DefaultLayout(p.r.Year), nil
}

// mappingKeys lists the keys of a mapping node without reporting anything.
func mappingKeys(n ast.Node) ([]string, bool) {
	values, ok := mappingValues(n)
	if !ok {
		return nil, false
	}
	keys := make([]string, len(values))
	for i, v := range values {
		keys[i] = strings.TrimSpace(v.Key.GetToken().Value)
	}
	return keys, true
}

func detectedFrom(l Layout, labels []string) string {
	if len(labels) == 0 {
		return "the " + string(l) + " layout (the report year's)"
	}
	if len(labels) > 3 {
		labels = labels[:3]
	}
	return "the " + string(l) + " layout (detected from " + strings.Join(labels, ", ") + ")"
}

func (p *fmParser) table2(kv pair) *Table2 {
	p.r.pos["table2"] = kv.keyPos
	rows, ok := p.mapping(kv.value, "table2")
	if !ok {
		return nil
	}
	layout, evidence := p.detectTable2(rows)
	t := &Table2{Layout: layout, Rows: map[string]map[string]Cell{}, Pos: kv.keyPos}
	ix, oix := table2Ix[layout], table2Ix[other(layout)]
	for _, row := range rows {
		path := "table2." + row.key
		if row.key == "extra" {
			t.Extra = p.extraRows(row.value)
			continue
		}
		label, found := ix.rows.lookup(row.key)
		if !found {
			if l, inOther := oix.rows.lookup(row.key); inOther {
				p.d.errorf("S3", row.keyPos, "table2."+l, "a row of "+detectedFrom(layout, evidence),
					"row %s belongs to the %s layout of table 二", l, other(layout))
			} else {
				p.d.errorf("S2", row.keyPos, path, "one of "+rowLabels2(layout), "unknown row %q in table 二", row.key)
			}
			continue
		}
		if _, dup := t.Rows[label]; dup {
			p.d.errorf("F3", row.keyPos, "table2."+label, "each row once", "row %s given twice (as %q)", label, row.key)
			continue
		}
		path = "table2." + label
		p.r.pos[path] = row.keyPos
		def := ix.defs[label]
		t.Rows[label] = p.table2Row(row, path, def, layout, evidence)
	}
	var missing []string
	for _, def := range Table2Rows[layout] {
		if _, ok := t.Rows[def.Label]; !ok {
			missing = append(missing, def.Label)
		}
	}
	p.missingRows(kv.keyPos, "table2", "二", missing, "every row of "+detectedFrom(layout, evidence))
	return t
}

func rowLabels2(l Layout) string {
	var s []string
	for _, r := range Table2Rows[l] {
		s = append(s, r.Label)
	}
	return strings.Join(s, ", ")
}

func (p *fmParser) table2Row(row pair, path string, def Row2, layout Layout, evidence []string) map[string]Cell {
	cells := map[string]Cell{}
	cols, ok := p.mapping(row.value, path)
	if !ok {
		p.r.broken[path] = true
		return cells
	}
	cix := columnIndex(def)
	for _, c := range cols {
		col, found := cix.lookup(c.key)
		if !found {
			if l, inOther := table2Ix[other(layout)].cols.lookup(c.key); inOther {
				p.d.errorf("S3", c.keyPos, path+"."+l, "a column of "+detectedFrom(layout, evidence),
					"column %s belongs to the %s layout of table 二", l, other(layout))
			} else {
				p.d.errorf("S2", c.keyPos, path+"."+c.key, "one of "+columnLabels(def), "unknown column %q in row %s", c.key, def.Label)
			}
			continue
		}
		cpath := path + "." + col
		if _, dup := cells[col]; dup {
			p.d.errorf("F3", c.keyPos, cpath, "each column once", "column %s given twice", col)
			continue
		}
		kind := def.Columns[slices.IndexFunc(def.Columns, func(x Column) bool { return x.Label == col })].Kind
		cell, good := p.cell(c.value, cpath, kind)
		if !good {
			p.r.broken[cpath] = true
		}
		cells[col] = cell
	}
	for _, c := range def.Columns {
		if _, ok := cells[c.Label]; !ok {
			p.d.errorf("S1", row.keyPos, path+"."+c.Label, "every column: "+columnLabels(def), "row %s has no column %s", def.Label, c.Label)
			p.r.broken[path+"."+c.Label] = true
		}
	}
	return cells
}

func columnLabels(def Row2) string {
	var s []string
	for _, c := range def.Columns {
		s = append(s, c.Label)
	}
	return strings.Join(s, ", ")
}

func (p *fmParser) extraRows(n ast.Node) []ExtraRow {
	pairs, _ := p.mapping(n, "table2.extra")
	var out []ExtraRow
	for _, kv := range pairs {
		path := "table2.extra." + kv.key
		p.r.pos[path] = kv.keyPos
		c, _ := p.cell(kv.value, path, Money)
		out = append(out, ExtraRow{Label: kv.key, Cell: c})
	}
	return out
}
