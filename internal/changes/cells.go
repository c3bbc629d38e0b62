// Package changes compares an agency's annual report with its previous
// one, for the portal's year-over-year page: every figure of tables 二, 三
// and 四 that changed, with its delta, and a paragraph-level diff of the
// narrative sections.
//
// # Cell paths
//
// Every cell of the three tables has a path, the same one the report
// package uses for a finding's Path and a known_defects entry's at:
//
//	table2.<row>.<column>               table2.规章.本年制发件数
//	table2.extra.<label>                table2.extra.政府信息公开发布总数量
//	table3.<row key>.<column>           table3.（三）不予公开/1.属于国家秘密.自然人
//	table4.行政复议.<column>            table4.行政复议.结果维持
//	table4.行政诉讼.<group>.<column>    table4.行政诉讼.复议后起诉.总计
//
// Row and column labels are those of the layout the table uses
// (report.Table2Rows, report.Table3Rows); a table 三 row key is
// report.Row3.Key (group/item for sub-items). Labels may themselves hold
// dots (1.属于国家秘密), so a path is an identifier to compare, not to split.
// A second extra row with the same label gets #2 appended to its path.
package changes

import (
	"strconv"

	"sitegen/internal/report"
)

// Cell is one figure of a report's tables, with its place in the form.
type Cell struct {
	Path  string // see the package doc
	Table int    // 2, 3 or 4
	// Labels are the human labels from outer to inner, e.g.
	// ["（三）不予公开", "1.属于国家秘密", "自然人"] or
	// ["一、本年新收政府信息公开申请数量", "法人或其他组织", "商业企业"].
	Labels []string
	// Cell is the report's cell. An amount in a column whose unit the form
	// fixes (2021's 本年收费金额, in 万元) is given that unit when the report
	// wrote none.
	Cell  report.Cell
	Money bool
}

// Cells lists every cell of tables 二, 三 and 四 in the order of the
// national form, in the layout each table uses; table 二's extra rows
// follow its form rows. Absent tables contribute nothing; cells a present
// table leaves out are listed blank. A nil report has no cells.
func Cells(r *report.Report) []Cell {
	if r == nil {
		return nil
	}
	var out []Cell
	out = table2Cells(out, r.Table2, r.Year)
	out = table3Cells(out, r.Table3, r.Year)
	return table4Cells(out, r.Table4)
}

func table2Cells(out []Cell, t *report.Table2, year int) []Cell {
	if t == nil {
		return out
	}
	for _, row := range report.Table2Rows[layoutOf(t.Layout, year)] {
		for _, col := range row.Columns {
			c := t.Get(row.Label, col.Label)
			money := col.Kind == report.Money
			if money && c.Set && c.Unit == "" {
				c.Unit = col.Unit
			}
			out = append(out, Cell{
				Path:   "table2." + row.Label + "." + col.Label,
				Table:  2,
				Labels: []string{row.Label, col.Label},
				Cell:   c,
				Money:  money,
			})
		}
	}
	seen := map[string]int{}
	for _, x := range t.Extra {
		path := "table2.extra." + x.Label
		if seen[x.Label]++; seen[x.Label] > 1 {
			path += "#" + strconv.Itoa(seen[x.Label])
		}
		out = append(out, Cell{Path: path, Table: 2, Labels: []string{x.Label}, Cell: x.Cell, Money: x.Cell.Unit != ""})
	}
	return out
}

func table3Cells(out []Cell, t *report.Table3, year int) []Cell {
	if t == nil {
		return out
	}
	for _, row := range report.Table3Rows[layoutOf(t.Layout, year)] {
		outer := []string{row.Label}
		if row.Group != "" {
			outer = []string{row.Group, row.Label}
		}
		for i, col := range report.Table3Columns {
			labels := append([]string(nil), outer...)
			if i > report.ColPerson && i < report.ColTotal {
				labels = append(labels, "法人或其他组织")
			}
			out = append(out, Cell{
				Path:   "table3." + row.Key + "." + col,
				Table:  3,
				Labels: append(labels, col),
				Cell:   t.Get(row.Key, i),
			})
		}
	}
	return out
}

func table4Cells(out []Cell, t *report.Table4) []Cell {
	if t == nil {
		return out
	}
	for g, group := range report.Table4Groups {
		path, outer := "table4."+group, []string{group}
		if g != report.GroupReview {
			path, outer = "table4.行政诉讼."+group, []string{"行政诉讼", group}
		}
		for i, col := range report.Table4Columns {
			out = append(out, Cell{
				Path:   path + "." + col,
				Table:  4,
				Labels: append(append([]string(nil), outer...), col),
				Cell:   t.Get(g, i),
			})
		}
	}
	return out
}

// layoutOf is a table's layout, or the report year's when none was set.
func layoutOf(l report.Layout, year int) report.Layout {
	if l == "" {
		return report.DefaultLayout(year)
	}
	return l
}
