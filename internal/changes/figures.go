package changes

import (
	"slices"
	"strings"

	"sitegen/internal/report"
)

// FigureChange is one figure that differs between two reports.
type FigureChange struct {
	// Path, Table and Labels are the current report's (the previous
	// report's for a Removed figure).
	Path   string
	Table  int
	Labels []string
	// PrevLabels are the previous report's labels when they differ from
	// Labels: a figure matched across layouts (see Figures); nil otherwise.
	PrevLabels []string
	Prev, Cur  report.Cell
	// Delta is Cur − Prev when both are set. Amounts are compared in 元 and
	// the delta given in Unit: the current cell's unit, or 万元
	// (report.AssumedUnit) when it has none. Unit is "" for counts.
	Delta    float64
	Unit     string
	HasDelta bool
	Kind     Kind // Changed, Added or Removed
}

// Summary counts the figures of a comparison. Unchanged counts the figures
// set in both reports with equal values; figures blank in both are not
// counted at all.
type Summary struct {
	Changed, Added, Removed, Unchanged int
}

// renamed maps paths of the 2019 table 二 to the 2021 paths of the same
// figure: 规范性文件 became 行政规范性文件, 本年新制作数量 became 本年制发件数
// and 处理决定数量 became 本年处理决定数量.
var renamed = map[string]string{
	"table2.规章.本年新制作数量":    "table2.规章.本年制发件数",
	"table2.规范性文件.本年新制作数量": "table2.行政规范性文件.本年制发件数",
	"table2.行政许可.处理决定数量":   "table2.行政许可.本年处理决定数量",
	"table2.行政处罚.处理决定数量":   "table2.行政处罚.本年处理决定数量",
	"table2.行政强制.处理决定数量":   "table2.行政强制.本年处理决定数量",
}

// Figures lists the figures of tables 二, 三 and 四 that differ between the
// previous report and the current one, in the form order of the current
// report; a figure the current report's form does not have comes where it
// stood in the previous report's. A figure set in one report and blank or
// absent in the other is Added or Removed. Unchanged figures are only
// counted, in the Summary. Either report may be nil.
//
// Figures are matched by path, each table read in the layout it uses. When
// the two reports use different layouts (2019 against 2021):
//   - table 四, and table 三 but for （六）其他处理, keep their paths and
//     match as they are;
//   - in table 二 no column keeps its label between the forms; these
//     figures match: 规章 and 规范性文件 (2021 行政规范性文件) 本年新制作数量 ↔
//     本年制发件数, and 行政许可, 行政处罚, 行政强制 处理决定数量 ↔
//     本年处理决定数量 (the previous labels are given in PrevLabels);
//   - when one table 三 splits （六）其他处理 into the 2021 sub-items and the
//     other does not, the sub-items are summed per column (over the set
//     ones; blank when all are) and compared with the single （六） row,
//     under its path and labelled （六）其他处理（1–3项合计）; the sub-items
//     themselves are not listed.
//
// The other figures belong to one form only and are Added or Removed:
// 2019's 本年新公开数量, 对外公开总数量, 上一年项目数量, 本年增/减, the rows
// 其他对外管理服务事项 and 政府集中采购; 2021's 本年废止件数, 现行有效件数 and
// 本年收费金额.
func Figures(prev, cur *report.Report) ([]FigureChange, Summary) {
	pc, cc := Cells(prev), Cells(cur)
	if lp, lc := table3Layout(prev), table3Layout(cur); lp != "" && lc != "" && lp != lc {
		if lp == report.Layout2021 {
			pc = sumOther(pc, prev.Table3)
		} else {
			cc = sumOther(cc, cur.Table3)
		}
	}
	prevAt := map[string]int{}
	for i, c := range pc {
		prevAt[key(c)] = i
	}
	inCur := map[string]bool{}
	for _, c := range cc {
		inCur[key(c)] = true
	}
	var out []FigureChange
	var sum Summary
	add := func(p, c *Cell) {
		f := compare(p, c)
		switch f.Kind {
		case Changed:
			sum.Changed++
		case Added:
			sum.Added++
		case Removed:
			sum.Removed++
		default:
			if f.Prev.Set {
				sum.Unchanged++
			}
			return
		}
		out = append(out, f)
	}
	next := 0 // the first figure of the previous report not yet placed
	placePrev := func(upto int) {
		for ; next < upto; next++ {
			if !inCur[key(pc[next])] {
				add(&pc[next], nil)
			}
		}
	}
	for i := range cc {
		j, ok := prevAt[key(cc[i])]
		if !ok {
			add(nil, &cc[i])
			continue
		}
		placePrev(j)
		add(&pc[j], &cc[i])
	}
	placePrev(len(pc))
	return out, sum
}

// key is the path a figure is matched by.
func key(c Cell) string {
	if k, ok := renamed[c.Path]; ok {
		return k
	}
	return c.Path
}

func table3Layout(r *report.Report) report.Layout {
	if r == nil || r.Table3 == nil {
		return ""
	}
	return layoutOf(r.Table3.Layout, r.Year)
}

// sumOther replaces the cells of the 2021 sub-items of （六）其他处理 with
// their column sums, under the path of the 2019 （六） row.
func sumOther(cells []Cell, t *report.Table3) []Cell {
	prefix := "table3." + report.GroupOther + "/"
	var out []Cell
	done := false
	for _, c := range cells {
		if !strings.HasPrefix(c.Path, prefix) {
			out = append(out, c)
			continue
		}
		if done {
			continue
		}
		done = true
		for i, col := range report.Table3Columns {
			var s report.Cell
			for _, item := range report.OtherItems2021 {
				if x := t.Get(report.GroupOther+"/"+item, i); x.Set {
					s.Set, s.Value = true, s.Value+x.Value
				}
			}
			labels := []string{report.GroupOther + "（1–3项合计）"}
			if i > report.ColPerson && i < report.ColTotal {
				labels = append(labels, "法人或其他组织")
			}
			out = append(out, Cell{Path: "table3." + report.GroupOther + "." + col, Table: 3, Labels: append(labels, col), Cell: s})
		}
	}
	return out
}

// compare compares a figure of the previous report (p) with its match in
// the current one (c); either may be nil. Kind is Same when nothing changed.
func compare(p, c *Cell) FigureChange {
	base := c
	if base == nil {
		base = p
	}
	f := FigureChange{Path: base.Path, Table: base.Table, Labels: base.Labels}
	money := false
	if p != nil {
		f.Prev, money = p.Cell, p.Money
		if c != nil && !slices.Equal(p.Labels, c.Labels) {
			f.PrevLabels = p.Labels
		}
	}
	if c != nil {
		f.Cur, money = c.Cell, money || c.Money
	}
	switch {
	case !f.Prev.Set && !f.Cur.Set:
		return f
	case !f.Prev.Set:
		f.Kind = Added
		return f
	case !f.Cur.Set:
		f.Kind = Removed
		return f
	}
	f.Delta, f.Unit = difference(f.Prev, f.Cur, money)
	if f.Delta != 0 {
		f.Kind, f.HasDelta = Changed, true
	}
	return f
}

// difference is cur − prev: for amounts, in 元 converted to the current
// cell's unit (an amount written without one is taken to be in 万元).
func difference(prev, cur report.Cell, money bool) (float64, string) {
	if !money {
		return cur.Value - prev.Value, ""
	}
	prev, cur = withUnit(prev), withUnit(cur)
	a, okA := prev.In("元")
	b, okB := cur.In("元")
	if !okA || !okB {
		return cur.Value - prev.Value, cur.Unit
	}
	d, _ := report.Cell{Set: true, Value: b - a, Unit: "元"}.In(cur.Unit)
	return d, cur.Unit
}

func withUnit(c report.Cell) report.Cell {
	if c.Unit == "" {
		c.Unit = report.AssumedUnit
	}
	return c
}
