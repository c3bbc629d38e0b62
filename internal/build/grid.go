package build

import (
	"strconv"
	"strings"

	"sitegen/internal/render"
	"sitegen/internal/report"
)

// grid is a table laid out like the national form: header rows with
// spanning cells, row headers, and data cells that name their headers
// (the headers attribute), so a screen reader announces 不予公开 / 属于国家秘密
// / 自然人 for a cell of table 三.
type grid struct {
	ID      string
	Caption string
	Head    [][]gcell
	Body    [][]gcell
}

type gcell struct {
	Header  bool
	ID      string
	Scope   string // col, row, colgroup, rowgroup
	Headers string // ids of a data cell's headers
	Colspan int    // spans of 0 or 1 are not written
	Rowspan int
	Text    string
	Num     bool // a number (right-aligned, tabular figures)
	Blank   bool // left blank by the report
	Flags   []int
	Class   string
}

// dataCell formats a cell of a report, with the findings that point at it.
func dataCell(c report.Cell, signed bool, headers []string, at map[report.Pos][]int) gcell {
	g := gcell{Num: true, Headers: strings.Join(headers, " ")}
	switch {
	case !c.Set:
		g.Blank = true
	case signed && c.Value > 0:
		g.Text = "+" + render.Num(c.Value)
	default:
		g.Text = render.Num(c.Value)
	}
	if c.Set && c.Unit != "" {
		g.Text += " " + c.Unit
	}
	if c.Pos.Line > 0 {
		if f := at[c.Pos]; len(f) > 0 {
			g.Flags = f
			g.ID = cellID(c.Pos)
		}
	}
	return g
}

func th(id, text, scope string, colspan, rowspan int) gcell {
	return gcell{Header: true, ID: id, Text: text, Scope: scope, Colspan: colspan, Rowspan: rowspan}
}

// table2Grid lays out 二、主动公开政府信息情况: one block per clause of
// Article 20, each with its own column headers, as the form prints them.
func table2Grid(t *report.Table2, at map[report.Pos][]int) *grid {
	if t == nil {
		return nil
	}
	g := &grid{ID: "t2", Caption: "主动公开政府信息情况"}
	const width = 4
	var item string
	blk := 0
	for i, def := range report.Table2Rows[t.Layout] {
		if def.Item != item {
			item = def.Item
			blk++
			gid := "t2-g" + strconv.Itoa(blk)
			g.Body = append(g.Body, []gcell{th(gid, item, "colgroup", width, 0)})
			row := []gcell{th(gid+"-h", "信息内容", "col", 0, 0)}
			for j, col := range def.Columns {
				c := th(gid+"-c"+strconv.Itoa(j), col.DataLabel(), "col", 0, 0)
				if j == len(def.Columns)-1 {
					c.Colspan = width - len(def.Columns)
				}
				row = append(row, c)
			}
			g.Body = append(g.Body, row)
		}
		gid := "t2-g" + strconv.Itoa(blk)
		rid := "t2-r" + strconv.Itoa(i)
		row := []gcell{th(rid, def.Label, "row", 0, 0)}
		for j, col := range def.Columns {
			c := dataCell(t.Get(def.Label, col.Label), col.Kind == report.Change, []string{gid, gid + "-c" + strconv.Itoa(j), rid}, at)
			if j == len(def.Columns)-1 {
				c.Colspan = width - len(def.Columns)
			}
			row = append(row, c)
		}
		g.Body = append(g.Body, row)
	}
	for i, x := range t.Extra {
		rid := "t2-x" + strconv.Itoa(i)
		if i == 0 {
			g.Body = append(g.Body, []gcell{th("t2-extra", "本省增列项目", "colgroup", width, 0)})
		}
		c := dataCell(x.Cell, false, []string{"t2-extra", rid}, at)
		c.Colspan = width - 1
		g.Body = append(g.Body, []gcell{th(rid, x.Label, "row", 0, 0), c})
	}
	return g
}

// table4Grid lays out 四、政府信息公开行政复议、行政诉讼情况: 行政复议 and the
// two kinds of 行政诉讼, five columns each, in one row.
func table4Grid(t *report.Table4, at map[report.Pos][]int) *grid {
	if t == nil {
		return nil
	}
	g := &grid{ID: "t4", Caption: "政府信息公开行政复议、行政诉讼情况"}
	g.Head = [][]gcell{
		{{}, th("t4-g0", "行政复议", "colgroup", 5, 0), th("t4-suit", "行政诉讼", "colgroup", 10, 0)},
		{th("t4-g1", report.Table4Groups[1], "colgroup", 5, 0), th("t4-g2", report.Table4Groups[2], "colgroup", 5, 0)},
		nil,
	}
	g.Head[0][0] = gcell{Rowspan: 3, Class: "corner"}
	for ci, col := range report.Table4Columns {
		g.Head[1] = insertAt(g.Head[1], ci, th("t4-g0-c"+strconv.Itoa(ci), col, "col", 0, 2))
	}
	for gi := 1; gi < 3; gi++ {
		for ci, col := range report.Table4Columns {
			g.Head[2] = append(g.Head[2], th("t4-g"+strconv.Itoa(gi)+"-c"+strconv.Itoa(ci), col, "col", 0, 0))
		}
	}
	row := []gcell{th("t4-r", "件数", "row", 0, 0)}
	for gi := range report.Table4Groups {
		for ci := range report.Table4Columns {
			hs := []string{"t4-g" + strconv.Itoa(gi), "t4-g" + strconv.Itoa(gi) + "-c" + strconv.Itoa(ci), "t4-r"}
			if gi > 0 {
				hs = append([]string{"t4-suit"}, hs...)
			}
			row = append(row, dataCell(t.Get(gi, ci), false, hs, at))
		}
	}
	g.Body = [][]gcell{row}
	return g
}

func insertAt(s []gcell, i int, c gcell) []gcell {
	s = append(s, gcell{})
	copy(s[i+1:], s[i:])
	s[i] = c
	return s
}
