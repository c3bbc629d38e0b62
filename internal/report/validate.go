package report

import (
	"fmt"
	"strconv"
	"strings"
)

// Check parses a report file and applies every rule that needs only the file
// itself. Findings the report records under known_defects are marked as
// recorded; a known_defects entry that covers nothing is reported (K1).
func Check(file string, src []byte) (*Report, []Finding) {
	r, fs := check(file, src)
	if r != nil {
		fs = append(fs, unusedDefects(r)...)
	}
	SortFindings(fs)
	return r, fs
}

// check is Check without the K1 findings, which Load reports once the
// findings across files have been matched with known_defects too.
func check(file string, src []byte) (*Report, []Finding) {
	d := &diags{file: file}
	r := parseReport(d, src)
	if r != nil {
		validate(d, r)
		markDefects(r, d.list)
		r.compact()
	}
	return r, d.list
}

// compact drops what only the checks of the file itself needed: the
// positions of nested front matter paths and the rows found unreadable.
// The rules across files (site.go) ask only for top-level keys, and a
// portal holds every report in memory while it builds.
func (r *Report) compact() {
	top := make(map[string]Pos, 8) // a new map: deleting keys frees nothing
	for p, pos := range r.pos {
		if strings.IndexByte(p, '.') < 0 {
			top[p] = pos
		}
	}
	r.pos, r.broken = top, nil
}

func validate(d *diags, r *Report) {
	checkStructure(d, r)
	checkBlankTables(d, r)
	checkTable2(d, r)
	checkTable3(d, r)
	checkTable4(d, r)
	checkNarrative(d, r)
}

func checkStructure(d *diags, r *Report) {
	bodyPos := Pos{1, 1}
	if len(r.Sections) > 0 {
		bodyPos = Pos{r.Sections[0].Line, 1}
	}
	for _, s := range Sections {
		switch {
		case s.Table != 0 && r.unread:
			// The front matter was reported unreadable (F1, F2): its tables may be there.
		case s.Table == 2 && r.Table2 == nil && r.pos["table2"] == (Pos{}),
			s.Table == 3 && r.Table3 == nil && r.pos["table3"] == (Pos{}),
			s.Table == 4 && r.Table4 == nil && r.pos["table4"] == (Pos{}):
			d.errorf("S1", Pos{1, 1}, fmt.Sprintf("table%d", s.Table), fmt.Sprintf("table%d: in the front matter", s.Table),
				"table %s (%s) is missing", s.Num, s.Heading())
		case s.Table == 0 && r.Section(s.Num) == nil:
			d.errorf("S1", missingSectionPos(r, s, bodyPos), "", "## "+s.Heading(), "section %s is missing", s.Heading())
		}
	}
}

// missingSectionPos points where a missing section belongs: at the heading
// of the next section present, else at the last one.
func missingSectionPos(r *Report, missing SectionDef, fallback Pos) Pos {
	want := sectionIndex(missing.Num)
	pos := fallback
	for _, sec := range r.Sections {
		if sec.Num == "" {
			continue
		}
		pos = Pos{sec.Line, 1}
		if sectionIndex(sec.Num) > want {
			break
		}
	}
	return pos
}

// fmtNum formats a number as a report prints it.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// cellOK reports whether a cell can take part in a rule: set and readable.
// Blank cells are reported once each (N2).
func (r *Report) blank(d *diags, path string, c Cell) bool {
	if c.Set {
		return false
	}
	table, _, _ := strings.Cut(path, ".")
	if !r.broken[path] && !r.broken[parentPath(path)] && !r.broken[table] {
		r.broken[path] = true
		d.warnf("N2", c.Pos, path, "a number (0 when there is none)", "%s is blank; rules using it are not checked", path)
	}
	return true
}

// checkBlankTables reports a table whose every cell is blank once (N2),
// as a new report has them, rather than cell by cell.
func checkBlankTables(d *diags, r *Report) {
	blank := func(cells []Cell) bool {
		for _, c := range cells {
			if c.Set {
				return false
			}
		}
		return true
	}
	var t2, t3, t4 []Cell
	if r.Table2 != nil {
		for _, def := range Table2Rows[r.Table2.Layout] {
			for _, col := range def.Columns {
				t2 = append(t2, r.Table2.Get(def.Label, col.Label))
			}
		}
	}
	if r.Table3 != nil {
		for _, cells := range r.Table3.Rows {
			t3 = append(t3, cells...)
		}
	}
	if r.Table4 != nil {
		for _, g := range r.Table4.Groups {
			t4 = append(t4, g...)
		}
	}
	for i, t := range []struct {
		present bool
		cells   []Cell
	}{{r.Table2 != nil, t2}, {r.Table3 != nil, t3}, {r.Table4 != nil, t4}} {
		name := fmt.Sprintf("table%d", i+2)
		if t.present && blank(t.cells) {
			r.broken[name] = true
			d.warnf("N2", r.PosOf(name), name, "the figures of the report (0 where there are none)", "table %s is blank", Sections[i+1].Num)
		}
	}
}

func parentPath(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

// count checks rule 5 on a count cell: a non-negative integer.
func count(d *diags, path string, c Cell) {
	switch {
	case !c.Set:
	case !c.IsInt():
		d.errorf("N1", c.Pos, path, "a whole number", "%s = %s is not a whole number", path, fmtNum(c.Value))
	case c.Value < 0:
		d.errorf("N1", c.Pos, path, "a count of 0 or more (only 本年增/减 may be negative)", "%s = %s is negative", path, fmtNum(c.Value))
	}
}

func checkTable2(d *diags, r *Report) {
	t := r.Table2
	if t == nil {
		return
	}
	for _, row := range Table2Rows[t.Layout] {
		for _, col := range row.Columns {
			c, ok := t.Rows[row.Label][col.Label]
			path := "table2." + row.Label + "." + col.Label
			if !ok || r.blank(d, path, c) {
				continue
			}
			switch col.Kind {
			case Count:
				count(d, path, c)
			case Change:
				if !c.IsInt() {
					d.errorf("N1", c.Pos, path, "a whole number", "%s = %s is not a whole number", path, fmtNum(c.Value))
				}
			case Money:
				checkMoney(d, path, c, col)
			}
		}
	}
	if t.Layout == Layout2019 {
		for _, row := range []string{"规章", "规范性文件"} {
			made, pub, all := t.Get(row, "本年新制作数量"), t.Get(row, "本年新公开数量"), t.Get(row, "对外公开总数量")
			if pub.Set && all.Set && all.Value < pub.Value {
				d.warnf("P1", all.Pos, "table2."+row+".对外公开总数量", "对外公开总数量 ≥ 本年新公开数量",
					"%s: 对外公开总数量 %s is less than 本年新公开数量 %s", row, fmtNum(all.Value), fmtNum(pub.Value))
			}
			if made.Set && pub.Set && pub.Value < made.Value {
				d.warnf("P2", pub.Pos, "table2."+row+".本年新公开数量", "本年新公开数量 ≥ 本年新制作数量 (documents made are published)",
					"%s: %s made this year but %s published", row, fmtNum(made.Value), fmtNum(pub.Value))
			}
		}
		checkPurchases(d, t)
	}
	for _, x := range t.Extra {
		path := "table2.extra." + x.Label
		if !r.blank(d, path, x.Cell) && x.Cell.Unit == "" {
			count(d, path, x.Cell)
		}
	}
}

// AssumedUnit is the unit assumed for an amount written without one: the
// unit the 2021 form prints for amounts and most reports use.
const AssumedUnit = "万元"

func checkMoney(d *diags, path string, c Cell, col Column) {
	if c.Value < 0 {
		d.errorf("N1", c.Pos, path, "an amount of 0 or more", "%s = %s is negative", path, c.String())
	}
	if c.Unit == "" && col.Unit == "" && c.Value != 0 {
		d.warnf("U1", c.Pos, path, "an amount with its unit, e.g. "+fmtNum(c.Value)+" 万元",
			"%s = %s has no unit; %s assumed", path, fmtNum(c.Value), AssumedUnit)
	}
}

// MaxPerPurchase is the average amount per purchase (in 元) above which an
// amount is flagged as implausible: a figure in 元 written as 万元 looks so.
const MaxPerPurchase = 1e8

func checkPurchases(d *diags, t *Table2) {
	n, amt := t.Get("政府集中采购", "采购项目数量"), t.Get("政府集中采购", "采购总金额")
	if !n.Set || !amt.Set || amt.Value <= 0 {
		return
	}
	unit := amt.Unit
	if unit == "" {
		unit = AssumedUnit
	}
	yuan, _ := Cell{Set: true, Value: amt.Value, Unit: unit}.In("元")
	path := "table2.政府集中采购.采购总金额"
	switch {
	case n.Value == 0:
		d.warnf("P3", amt.Pos, path, "no amount when 采购项目数量 is 0", "采购总金额 %s with 0 purchases", amt.String())
	case yuan/n.Value > MaxPerPurchase:
		d.warnf("P3", amt.Pos, path, "at most 1亿元 per purchase on average",
			"采购总金额 %s %s over %s purchases is %s 万元 each; was the amount in 元?", fmtNum(amt.Value), unit, fmtNum(n.Value),
			strconv.FormatFloat(yuan/n.Value/1e4, 'f', 0, 64))
	}
}

// rowSum adds cells; ok is false if any is blank.
func rowSum(cells ...Cell) (float64, bool) {
	var s float64
	for _, c := range cells {
		if !c.Set {
			return 0, false
		}
		s += c.Value
	}
	return s, true
}

func checkTable3(d *diags, r *Report) {
	t := r.Table3
	if t == nil {
		return
	}
	rows := Table3Rows[t.Layout]
	for _, row := range rows {
		cells, ok := t.Rows[row.Key]
		if !ok {
			continue
		}
		for i, c := range cells {
			path := "table3." + row.Key + "." + Table3Columns[i]
			if !r.blank(d, path, c) {
				count(d, path, c)
			}
		}
		// Rule 3: 总计 = 自然人 + the five 法人或其他组织 columns.
		if sum, ok := rowSum(cells[:ColTotal]...); ok && cells[ColTotal].Set && sum != cells[ColTotal].Value {
			d.errorf("B3", cells[ColTotal].Pos, "table3."+row.Key+".总计", "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
				"%s: 总计 = %s, 自然人+法人或其他组织 = %s", row.Label, fmtNum(cells[ColTotal].Value), fmtNum(sum))
		}
	}
	for col, name := range Table3Columns {
		total := t.Get(RowTotal, col)
		// Rule 1: 一 + 二 = 三（七）总计 + 四.
		in, okIn := rowSum(t.Get(RowNew, col), t.Get(RowCarriedIn, col))
		out, okOut := rowSum(total, t.Get(RowCarryOut, col))
		if okIn && okOut && in != out {
			d.errorf("B1", total.Pos, "table3."+RowTotal+"."+name, "一+二 = 三（七）+四",
				"%s: 一+二 = %s, 三（七）+四 = %s", name, fmtNum(in), fmtNum(out))
		}
		// Rule 2: （七）总计 = the sum of every leaf row of 三.
		var leaves []Cell
		for _, row := range rows {
			if row.Leaf {
				leaves = append(leaves, t.Get(row.Key, col))
			}
		}
		if sum, ok := rowSum(leaves...); ok && total.Set && sum != total.Value {
			d.errorf("B2", total.Pos, "table3."+RowTotal+"."+name, "（七）总计 = （一）+（二）+（三）+（四）+（五）+（六）",
				"%s: （七）总计 = %s, sum of （一）to（六） = %s", name, fmtNum(total.Value), fmtNum(sum))
		}
	}
}

func checkTable4(d *diags, r *Report) {
	t := r.Table4
	if t == nil {
		return
	}
	for g, cells := range t.Groups {
		if len(cells) != len(Table4Columns) {
			continue
		}
		path := table4Path(g)
		for i, c := range cells {
			if !r.blank(d, path+"."+Table4Columns[i], c) {
				count(d, path+"."+Table4Columns[i], c)
			}
		}
		// Rule 4: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
		if sum, ok := rowSum(cells[:4]...); ok && cells[4].Set && sum != cells[4].Value {
			d.errorf("C1", cells[4].Pos, path+".总计", "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
				"%s: 总计 = %s, 结果维持+结果纠正+其他结果+尚未审结 = %s", Table4Groups[g], fmtNum(cells[4].Value), fmtNum(sum))
		}
	}
}

// markDefects marks errors covered by the report's known_defects. An entry
// covers the findings of its rule at its place: at is a data path such as
// table4.行政复议 or table3.（三）不予公开, matched after folding labels and
// covering everything below it.
func markDefects(r *Report, fs []Finding) {
	for i := range fs {
		f := &fs[i]
		if f.Severity != Error || f.Rule == "F1" {
			continue
		}
		for j := range r.Defects {
			k := &r.Defects[j]
			if k.Rule == f.Rule && coversPath(k.At, f.Path) {
				f.Recorded = k.Reason
				k.used = true
				break
			}
		}
	}
}

func coversPath(at, path string) bool {
	if at == "" {
		return true
	}
	at, path = foldLabel(at), foldLabel(path)
	return path == at || strings.HasPrefix(path, at+".") || strings.HasPrefix(path, at+"/")
}

// unusedDefects reports the known_defects entries that cover no finding (K1).
func unusedDefects(r *Report) []Finding {
	var fs []Finding
	for _, k := range r.Defects {
		if !k.used {
			what := k.Rule
			if k.At != "" {
				what += " at " + k.At
			}
			fs = append(fs, Finding{File: r.File, Line: k.Pos.Line, Col: k.Pos.Col, Severity: Warning, Rule: "K1",
				Path: "known_defects", Message: fmt.Sprintf("known defect %s matches no error; remove it if the report was corrected", what),
				Expected: "each entry to cover an error of its rule"})
		}
	}
	return fs
}
