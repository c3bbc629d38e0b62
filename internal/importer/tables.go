package importer

import (
	"fmt"
	"regexp"
	"strings"

	"sitegen/internal/report"
)

var (
	unitHeaderRE = regexp.MustCompile(`单位\s*[：:]\s*(亿元|万元|元)`)
	extraRE      = regexp.MustCompile(`^(.+?)\s*[：:]\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)?$`)
	extraPrefRE  = regexp.MustCompile(`^(?:\d{4}\s*年度?|本年度?)?\s*本行政区域\s*[（(]\s*或本部门\s*[）)]\s*`)
)

// rowCells lays a group's values into n columns: its n numbers, or its n
// cells in order when blanks are among them. ok is false when neither fits.
func rowCells(g group, n int) (cells []report.Cell, blanks int, ok bool) {
	pick := func(v value) bool { return !v.blank }
	if g.numbers() != n {
		if len(g.vals) != n {
			return nil, 0, false
		}
		pick = func(value) bool { return true }
	}
	for _, v := range g.vals {
		if !pick(v) {
			continue
		}
		if v.blank {
			cells = append(cells, report.Cell{})
			blanks++
			continue
		}
		cells = append(cells, report.Cell{Set: true, Value: v.num, Unit: v.unit})
	}
	return cells, blanks, true
}

// layoutFit runs the matching for one layout and scores the result: the
// label scores, less what stays unmatched.
type layoutFit struct {
	layout report.Layout
	rows   []rowDef
	pick   []int
	score  float64
}

func fit(gs []group, layout report.Layout, rows []rowDef) layoutFit {
	pick, total := match(gs, rows)
	used := map[int]bool{}
	for _, i := range pick {
		if i < 0 {
			total -= 0.5
		} else {
			used[i] = true
		}
	}
	for i, g := range gs {
		if !used[i] && g.numbers() > 0 {
			total--
		}
	}
	return layoutFit{layout, rows, pick, total}
}

// bestFit picks the layout whose rows the groups match best; a tie goes to
// the layout of the report year.
func bestFit(gs []group, year int, rowsOf func(report.Layout) []rowDef) layoutFit {
	if len(gs) > maxGroups {
		gs = nil // reported by the caller; nothing is matched
	}
	a := fit(gs, report.Layout2019, rowsOf(report.Layout2019))
	b := fit(gs, report.Layout2021, rowsOf(report.Layout2021))
	switch {
	case a.score > b.score:
		return a
	case b.score > a.score:
		return b
	case report.DefaultLayout(year) == report.Layout2021:
		return b
	}
	return a
}

// maxGroups bounds the rows of numbers a table may have: the form's tables
// have at most 25 rows, so a block with far more is not one of them.
const maxGroups = 200

// read is the reading of one table: each row's cells by key, and the
// groups left over.
func (im *importer) read(table string, gs []group, f layoutFit, start int) map[string][]report.Cell {
	out := map[string][]report.Cell{}
	used := map[int]bool{}
	if len(gs) > maxGroups {
		im.errorf(start, table, "%d rows of numbers: not a table of the form; left blank", len(gs))
		im.leftover = nil
		return out
	}
	for j, i := range f.pick {
		def := f.rows[j]
		if i < 0 {
			im.errorf(start, table, "row %s not found; its cells are left blank", def.key)
			continue
		}
		used[i] = true
		g := gs[i]
		cells, blanks, ok := rowCells(g, def.cols)
		if !ok {
			im.errorf(g.line, table, "row %s: %d numbers and %d blank cells for %d columns; the row is left blank", def.key, g.numbers(), len(g.vals)-g.numbers(), def.cols)
			out[def.key] = nil
			continue
		}
		if s := labelScore(def.cores, tail(key(g.own), 200), tail(key(g.around), 300)); s < 1 {
			im.warnf(g.line, table, "label %q read as %s", strings.TrimSpace(g.own), def.key)
		}
		if blanks > 0 {
			im.warnf(g.line, table, "row %s: %d blank cell(s), read in the order written", def.key, blanks)
		}
		out[def.key] = cells
	}
	im.leftover = im.leftover[:0]
	for i, g := range gs {
		if !used[i] && g.numbers() > 0 {
			im.leftover = append(im.leftover, g)
		}
	}
	return out
}

func table2Rows(l report.Layout) []rowDef {
	var out []rowDef
	for _, r := range report.Table2Rows[l] {
		out = append(out, rowDef{key: r.Label, cores: [][]rune{core(r.Label)}, cols: len(r.Columns)})
	}
	return out
}

func table3Rows(l report.Layout) []rowDef {
	var out []rowDef
	for _, r := range report.Table3Rows[l] {
		cores := [][]rune{core(r.Label)}
		if strings.HasPrefix(r.Label, "（二）") {
			cores = append(cores, core("部分公开"))
		}
		out = append(out, rowDef{key: r.Key, cores: cores, cols: len(report.Table3Columns)})
	}
	return out
}

// table2 reads 二、主动公开政府信息情况.
func (im *importer) table2(block []line, start int) *report.Table2 {
	gs := groups(block)
	f := bestFit(gs, im.year, table2Rows)
	t := &report.Table2{Layout: f.layout, Rows: map[string]map[string]report.Cell{}}
	rows := im.read("table 二", gs, f, start)
	for _, def := range report.Table2Rows[f.layout] {
		cells, ok := rows[def.Label]
		if !ok {
			continue
		}
		row := map[string]report.Cell{}
		for i, col := range def.Columns {
			if i >= len(cells) {
				break
			}
			c := cells[i]
			if col.Kind == report.Money && c.Set && c.Unit == "" && col.Unit == "" {
				if g := im.groupOf(gs, f, def.Label); g != nil {
					if m := unitHeaderRE.FindStringSubmatch(toSimplified(g.around)); m != nil {
						c.Unit = m[1]
					}
				}
			}
			row[col.Label] = c
		}
		t.Rows[def.Label] = row
	}
	for _, g := range im.leftover {
		if len(g.vals) == 1 && len(key(g.own)) >= 4 {
			t.Extra = append(t.Extra, report.ExtraRow{Label: strings.TrimSpace(g.own), Cell: report.Cell{Set: true, Value: g.vals[0].num, Unit: g.vals[0].unit}})
			im.warnf(g.line, "table 二", "row %q is not on the national form; kept as an extra row", strings.TrimSpace(g.own))
			continue
		}
		im.errorf(g.line, "table 二", "numbers %s match no row of the form", rawValues(g))
	}
	for _, l := range block {
		for _, c := range l.textChunks() {
			if m := extraRE.FindStringSubmatch(report.FoldWidth(c.text)); m != nil && len(key(m[1])) >= 4 {
				v := parseValue(m[2] + m[3])
				if v == nil || v.blank {
					continue
				}
				label := extraPrefRE.ReplaceAllString(strings.TrimSpace(m[1]), "")
				t.Extra = append(t.Extra, report.ExtraRow{Label: toFullWidthBrackets(label), Cell: report.Cell{Set: true, Value: v.num, Unit: v.unit}})
			}
		}
	}
	return t
}

func (im *importer) groupOf(gs []group, f layoutFit, label string) *group {
	for j, i := range f.pick {
		if f.rows[j].key == label && i >= 0 {
			return &gs[i]
		}
	}
	return nil
}

// table3 reads 三、收到和处理政府信息公开申请情况.
func (im *importer) table3(block []line, start int) *report.Table3 {
	gs := groups(block)
	f := bestFit(gs, im.year, table3Rows)
	t := &report.Table3{Layout: f.layout, Rows: map[string][]report.Cell{}}
	for k, cells := range im.read("table 三", gs, f, start) {
		if cells != nil {
			t.Rows[k] = cells
		}
	}
	for _, g := range im.leftover {
		im.errorf(g.line, "table 三", "numbers %s match no row of the form", rawValues(g))
	}
	return t
}

// table4 reads 四、政府信息公开行政复议、行政诉讼情况: fifteen values in
// form order (行政复议, then the two kinds of 行政诉讼, five columns each).
func (im *importer) table4(block []line, start int) *report.Table4 {
	t := &report.Table4{}
	g := group{line: start}
	for _, l := range block {
		for _, c := range l.values() {
			if len(g.vals) == 0 {
				g.line = l.no
			}
			g.vals = append(g.vals, *c.val)
		}
	}
	n := len(report.Table4Groups) * len(report.Table4Columns)
	cells, blanks, ok := rowCells(g, n)
	if !ok {
		im.errorf(g.line, "table 四", "%d numbers and %d blank cells for %d cells; the table is left blank", g.numbers(), len(g.vals)-g.numbers(), n)
		cells = make([]report.Cell, n)
	} else if blanks > 0 {
		im.warnf(g.line, "table 四", "%d blank cell(s), read in the order written", blanks)
	}
	w := len(report.Table4Columns)
	for i := range t.Groups {
		t.Groups[i] = cells[i*w : (i+1)*w]
	}
	return t
}

func rawValues(g group) string {
	var s []string
	for _, v := range g.vals {
		s = append(s, v.raw)
	}
	return fmt.Sprintf("[%s] at line %d", strings.Join(s, " "), g.line)
}

func toFullWidthBrackets(s string) string {
	return strings.NewReplacer("(", "（", ")", "）", ",", "，", ":", "：").Replace(report.FoldWidth(s))
}
