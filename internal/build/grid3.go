package build

import (
	"strconv"

	"sitegen/internal/report"
)

// table3Grid lays out 三、收到和处理政府信息公开申请情况 as the form prints
// it: three columns of row headers (三、本年度办理结果 spans the outcome
// rows, each outcome group spans its items), then the applicant columns
// under 申请人情况, the five kinds of organisation under 法人或其他组织.
func table3Grid(t *report.Table3, at map[report.Pos][]int) *grid {
	if t == nil {
		return nil
	}
	g := &grid{ID: "t3", Caption: "收到和处理政府信息公开申请情况"}
	col := func(i int) string { return "t3-c" + strconv.Itoa(i) }
	g.Head = [][]gcell{
		{{Rowspan: 3, Colspan: 3, Class: "corner"}, th("t3-app", "申请人情况", "colgroup", 7, 0)},
		{th(col(0), report.Table3Columns[0], "col", 0, 2), th("t3-legal", "法人或其他组织", "colgroup", 5, 0), th(col(6), report.Table3Columns[6], "col", 0, 2)},
		nil,
	}
	for i := 1; i < 6; i++ {
		g.Head[2] = append(g.Head[2], th(col(i), report.Table3Columns[i], "col", 0, 0))
	}
	colHeaders := func(i int) []string {
		if i >= 1 && i <= 5 {
			return []string{"t3-app", "t3-legal", col(i)}
		}
		return []string{"t3-app", col(i)}
	}

	rows := report.Table3Rows[t.Layout]
	outcomes := 0
	groupSize := map[string]int{}
	for _, r := range rows {
		if r.Outcome {
			outcomes++
		}
		if r.Group != "" {
			groupSize[r.Group]++
		}
	}
	lastGroup := ""
	for i, def := range rows {
		rid := "t3-r" + strconv.Itoa(i)
		var row []gcell
		hs := []string{}
		switch {
		case !def.Outcome:
			row = append(row, th(rid, def.Label, "row", 3, 0))
		default:
			if i == firstOutcome(rows) {
				row = append(row, th("t3-results", report.RowResults, "rowgroup", 0, outcomes))
			}
			hs = append(hs, "t3-results")
			if def.Group == "" {
				row = append(row, th(rid, def.Label, "row", 2, 0))
				break
			}
			gid := "t3-" + strconv.Itoa(groupIndex(rows, def.Group))
			if def.Group != lastGroup {
				row = append(row, th(gid, def.Group, "rowgroup", 0, groupSize[def.Group]))
			}
			hs = append(hs, gid)
			row = append(row, th(rid, def.Label, "row", 0, 0))
		}
		lastGroup = def.Group
		for c := range report.Table3Columns {
			h := append(append([]string{}, colHeaders(c)...), append(hs, rid)...)
			row = append(row, dataCell(t.Get(def.Key, c), false, h, at))
		}
		if def.Key == report.RowTotal {
			for j := range row {
				row[j].Class = "total"
			}
		}
		g.Body = append(g.Body, row)
	}
	return g
}

func firstOutcome(rows []report.Row3) int {
	for i, r := range rows {
		if r.Outcome {
			return i
		}
	}
	return -1
}

func groupIndex(rows []report.Row3, group string) int {
	for i, r := range rows {
		if r.Group == group {
			return i
		}
	}
	return -1
}
