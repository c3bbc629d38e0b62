package corpusgen

import (
	"fmt"
	"slices"
	"strings"

	"sitegen/internal/report"
)

// A defect kind is a way real reports go wrong, with the rules it breaks.
// Errors among them are recorded in the report's known_defects, as the
// bundled content records the defects of its sources; warnings are not.
type defectKind struct {
	name   string
	rules  []string // the rule whose finding shows the defect
	weight float64
	// ok reports whether the kind fits the report.
	ok func(c *defectCtx) bool
}

// defectCtx is what choosing and applying a defect needs.
type defectCtx struct {
	r      rng
	first  bool // the agency's first report: nothing to carry over from
	prevL  report.Layout
	layout report.Layout
	hant   bool
	figNew bool // the pool can state 新收申请 in the narrative
	rep    *report.Report
	st     *state
	reason string // the known_defects reason, in Chinese
	causes map[string]string
}

var defectKinds = []defectKind{
	{"row-total", []string{"B3"}, 3, func(*defectCtx) bool { return true }},
	{"outcome-sum", []string{"B2"}, 2, func(*defectCtx) bool { return true }},
	{"balance", []string{"B1"}, 2, func(*defectCtx) bool { return true }},
	{"appeal-total", []string{"C1"}, 2, func(*defectCtx) bool { return true }},
	{"missing-section", []string{"S1"}, 1, func(*defectCtx) bool { return true }},
	{"truncated", []string{"S1"}, 0.5, func(*defectCtx) bool { return true }},
	{"no-unit", []string{"U1"}, 2, func(c *defectCtx) bool { return c.layout == report.Layout2019 }},
	{"carry-in", []string{"Y1"}, 3, func(c *defectCtx) bool { return !c.first }},
	{"valid-count", []string{"Y2"}, 1.5, func(c *defectCtx) bool {
		return !c.first && c.layout == report.Layout2021 && c.prevL == report.Layout2021
	}},
	{"item-count", []string{"Y3"}, 1.5, func(c *defectCtx) bool {
		return !c.first && c.layout == report.Layout2019 && c.prevL == report.Layout2019
	}},
	{"published-total", []string{"P1"}, 1, func(c *defectCtx) bool { return c.layout == report.Layout2019 }},
	{"unpublished", []string{"P2"}, 1, func(c *defectCtx) bool { return c.layout == report.Layout2019 }},
	{"narrative-figure", []string{"X1"}, 2, func(c *defectCtx) bool { return !c.hant && c.figNew }},
	{"blank-cell", []string{"N2"}, 1, func(*defectCtx) bool { return true }},
}

// chooseDefect draws a kind among those that fit.
func chooseDefect(c *defectCtx) *defectKind {
	var fit []*defectKind
	total := 0.0
	for i := range defectKinds {
		if k := &defectKinds[i]; k.ok(c) {
			fit = append(fit, k)
			total += k.weight
		}
	}
	x := c.r.Float64() * total
	for _, k := range fit {
		if x -= k.weight; x < 0 {
			return k
		}
	}
	return fit[len(fit)-1]
}

// carryShift is the misstatement of the 自然人 figure carried in, for the
// carry-in defect: drawn before the table, which is made consistent with it.
func carryShift(c *defectCtx, carried int) int {
	d := c.r.between(1, 6)
	if carried >= d && c.r.chance(0.5) {
		d = -d
	}
	c.reason = fmt.Sprintf("原文如此：上年结转自然人申请与上年度报告的结转下年度数不一致（相差 %d 件）", d)
	return d
}

// apply breaks the tables (or drops parts) as the defect kind does. It
// runs after the tables are drawn and before the narrative is written,
// which states the figures as printed.
func (k *defectKind) apply(c *defectCtx) {
	r, t2, t3, t4 := c.r, c.rep.Table2, c.rep.Table3, c.rep.Table4
	var leaves []report.Row3
	for _, def := range report.Table3Rows[t3.Layout] {
		if def.Leaf {
			leaves = append(leaves, def)
		}
	}
	pickLeaf := func() report.Row3 {
		var busy []report.Row3
		for _, l := range leaves {
			if t3.Get(l.Key, report.ColTotal).Value > 0 {
				busy = append(busy, l)
			}
		}
		if len(busy) == 0 {
			return leaves[0]
		}
		return busy[r.IntN(len(busy))]
	}
	c.causes = map[string]string{}
	switch k.name {
	case "row-total":
		row := pickLeaf()
		cell := &t3.Rows[row.Key][report.ColTotal]
		was := int(cell.Value)
		now := misprint(r, was)
		cell.Value = float64(now)
		c.reason = fmt.Sprintf("原文如此印制：表三“%s”一行总计印为 %d，各列相加为 %d", label3(row), now, was)
		c.causes["B2"] = "（七）总计一行的总计栏因而与各项之和不符"
		c.causes["B1"] = "一+二与三（七）+四因而不等"
	case "outcome-sum":
		row := pickLeaf()
		d := r.between(1, 5)
		cells := t3.Rows[row.Key]
		cells[report.ColPerson].Value += float64(d)
		cells[report.ColTotal].Value += float64(d)
		c.reason = fmt.Sprintf("原文如此印制：表三“%s”一行自然人印为 %d，（七）总计未计入其中 %d 件", label3(row), int(cells[0].Value), d)
		c.causes["B1"] = "一+二与三（七）+四因而不等"
	case "balance":
		d, more := r.between(1, 9), "多"
		if t3.Get(report.RowNew, report.ColPerson).Value >= float64(d) && r.chance(0.5) {
			d, more = -d, "少"
		}
		cells := t3.Rows[report.RowNew]
		cells[report.ColPerson].Value += float64(d)
		cells[report.ColTotal].Value += float64(d)
		c.reason = fmt.Sprintf("原文如此印制：本年新收申请自然人 %d 件，比办理结果与结转下年度之和%s %d 件", int(cells[0].Value), more, max(d, -d))
	case "appeal-total":
		g := r.IntN(3)
		cells := t4.Groups[g]
		sum := int(cells[4].Value)
		now := 0
		if sum == 0 || r.chance(0.5) {
			now = misprint(r, sum)
		}
		cells[4].Value = float64(now)
		var parts []string
		for _, x := range cells[:4] {
			parts = append(parts, fmt.Sprint(int(x.Value)))
		}
		name := report.Table4Groups[g]
		if g > 0 {
			name = "行政诉讼（" + name + "）"
		}
		c.reason = fmt.Sprintf("原文如此印制：%s %s，总计 %d", name, strings.Join(parts, "、"), now)
	case "missing-section":
		c.reason = "原文没有“六、其他需要报告的事项”部分（第六部分缺）"
	case "truncated":
		c.rep.Table4 = nil
		c.reason = "流传的版本在表三之后截断，第四部分的表格和第五、六部分均缺"
	case "no-unit":
		cell := t2.Rows["政府集中采购"]["采购总金额"]
		if cell.Unit == "元" {
			cell.Value /= 1e4 // the figure as printed in 万元, the unit left out
		}
		cell.Unit = ""
		t2.Rows["政府集中采购"]["采购总金额"] = cell
	case "valid-count":
		row := []string{"规章", "行政规范性文件"}[r.IntN(2)]
		i := map[string]int{"规章": 0, "行政规范性文件": 1}[row]
		cell := t2.Rows[row]["现行有效件数"]
		cell.Value = float64(misprint(r, int(cell.Value)))
		t2.Rows[row]["现行有效件数"] = cell
		c.st.valid[i] = int(cell.Value) // next year goes on from the figure printed
	case "item-count":
		i := r.IntN(len(rows2019Items))
		row := rows2019Items[i].label
		cell := t2.Rows[row]["上一年项目数量"]
		was := int(cell.Value)
		cell.Value = float64(misprint(r, was))
		t2.Rows[row]["上一年项目数量"] = cell
		c.st.items[i] += int(cell.Value) - was
	case "published-total":
		cells := t2.Rows["规范性文件"]
		pub := int(cells["本年新公开数量"].Value)
		if pub == 0 {
			pub = r.between(1, 6)
			cells["本年新制作数量"], cells["本年新公开数量"] = count(pub), count(pub)
		}
		cells["对外公开总数量"] = count(r.IntN(pub))
	case "unpublished":
		cells := t2.Rows["规范性文件"]
		made := int(cells["本年新制作数量"].Value)
		if made == 0 {
			made = r.between(2, 9)
			cells["本年新制作数量"] = count(made)
		}
		cells["本年新公开数量"] = count(r.IntN(made))
	case "blank-cell":
		var rows []report.Row2
		for _, def := range report.Table2Rows[t2.Layout] {
			rows = append(rows, def)
		}
		def := rows[r.IntN(len(rows))]
		col := def.Columns[r.IntN(len(def.Columns))]
		t2.Rows[def.Label][col.Label] = report.Cell{}
	}
}

// misprint returns a figure printed wrong: a digit off, or a slip of a few.
func misprint(r rng, v int) int {
	for {
		var w int
		switch {
		case v >= 10 && r.chance(0.4):
			w = v + []int{-1, 1}[r.IntN(2)]*10*r.between(1, 3)
		case v > 0 && r.chance(0.2):
			w = 0
		default:
			w = v + r.between(1, 7)*[]int{-1, 1}[r.IntN(2)]
		}
		if w >= 0 && w != v {
			return w
		}
	}
}

// label3 is a table 三 row as the form prints it.
func label3(row report.Row3) string {
	if row.Group != "" {
		return row.Group + row.Label
	}
	return row.Label
}

// drop removes the sections the defect leaves out.
func (k *defectKind) drop(sections []report.Section) []report.Section {
	var gone []string
	switch k.name {
	case "missing-section":
		gone = []string{"六"}
	case "truncated":
		gone = []string{"五", "六"}
	default:
		return sections
	}
	return slices.DeleteFunc(sections, func(s report.Section) bool { return slices.Contains(gone, s.Num) })
}

// record checks a defective report and records each of its errors in
// known_defects: by rule and place, with the reason. It returns the
// formatted report.
func record(c *defectCtx, file, agencyName string) ([]byte, error) {
	src := report.Format(c.rep, agencyName)
	_, findings := report.Check(file, src)
	type entry struct{ rule, at string }
	var entries []entry
	seen := map[entry]bool{}
	for _, f := range findings {
		if f.Severity != report.Error || f.Recorded != "" {
			continue
		}
		e := entry{f.Rule, f.Path}
		if f.Rule == "S1" {
			e.at = "" // one entry for all that is missing, as the bundled reports do
		}
		if !seen[e] {
			seen[e] = true
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		return src, nil
	}
	for _, e := range entries {
		reason := c.reason
		if cause, ok := c.causes[e.rule]; ok {
			reason += "；" + cause
		}
		c.rep.Defects = append(c.rep.Defects, report.KnownDefect{Rule: e.rule, At: e.at, Reason: reason})
	}
	src = report.Format(c.rep, agencyName)
	if _, findings := report.Check(file, src); report.Summarize(findings).Errors > 0 {
		for _, f := range findings {
			if f.Severity == report.Error && f.Recorded == "" {
				return nil, fmt.Errorf("%s: a defect left an unrecorded error: %v", file, f)
			}
		}
	}
	return src, nil
}
