package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"sitegen/internal/report"
)

// edit applies replacements (old, new, old, new …) to a base report; each
// old text must occur exactly once, so a case cannot silently edit nothing
// or the wrong row.
// base2019 is a compact valid report in the 2019 layout (report year 2020):
// every table consistent, the three narrative sections present, and two
// narrative figures that agree with the tables. base2021 is the same
// agency's 2021 report in the 2021 layout. Both are in testdata/base, where
// other packages' tests read them too.
var (
	base2019 = readBase("2019-layout.md")
	base2021 = readBase("2021-layout.md")
)

func readBase(name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", "base", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

func edit(t *testing.T, base string, pairs ...string) string {
	t.Helper()
	if len(pairs)%2 != 0 {
		t.Fatalf("edit: odd number of arguments")
	}
	for i := 0; i < len(pairs); i += 2 {
		if n := strings.Count(base, pairs[i]); n != 1 {
			t.Fatalf("edit: %q occurs %d times in the input", pairs[i], n)
		}
		base = strings.Replace(base, pairs[i], pairs[i+1], 1)
	}
	return base
}

// want is one expected finding. Its position is given by the text of the
// input rather than by numbers: line is a text found on exactly one line of
// the input ("" for line 1), col a text on that line where the finding
// points ("" for column 1).
type want struct {
	rule     string
	sev      report.Severity
	line     string
	col      string
	recorded bool
	file     string // suffix of the file, for findings of report.Load
}

// e, w and rec want an error, a warning and a recorded error.
func e(rule, line, col string) want {
	return want{rule: rule, sev: report.Error, line: line, col: col}
}

func w(rule, line, col string) want {
	return want{rule: rule, sev: report.Warning, line: line, col: col}
}

func rec(rule, line, col string) want {
	return want{rule: rule, sev: report.Error, line: line, col: col, recorded: true}
}

// in says which file of a report.Load a finding is in.
func (x want) in(file string) want { x.file = file; return x }

// locate turns a want's position into line and column in src.
func locate(t *testing.T, src string, x want) (int, int) {
	t.Helper()
	if x.line == "" {
		return 1, 1
	}
	lines := strings.Split(src, "\n")
	at := -1
	for i, l := range lines {
		if strings.Contains(l, x.line) {
			if at >= 0 {
				t.Fatalf("locator %q is on lines %d and %d", x.line, at+1, i+1)
			}
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("locator %q is on no line", x.line)
	}
	col := 1
	if x.col != "" {
		i := strings.Index(lines[at], x.col)
		if i < 0 {
			t.Fatalf("column locator %q is not on line %d: %s", x.col, at+1, lines[at])
		}
		col = utf8.RuneCountInString(lines[at][:i]) + 1
	}
	return at + 1, col
}

func (x want) key(line, col int) string {
	s := fmt.Sprintf("%s:%d:%d %s[%s]", x.file, line, col, x.sev, x.rule)
	if x.recorded {
		s += " recorded"
	}
	return s
}

func findingKey(f report.Finding, file string) string {
	x := want{rule: f.Rule, sev: f.Severity, recorded: f.Recorded != "", file: file}
	return x.key(f.Line, f.Col)
}

// checkFindings asserts that the findings are exactly the wanted ones (no
// more, no fewer), each well formed. srcs maps a file suffix to its text,
// for locating positions; "" is the only file of report.Check.
func checkFindings(t *testing.T, srcs map[string]string, got []report.Finding, wants []want) {
	t.Helper()
	var gotKeys, wantKeys []string
	for _, f := range got {
		file := ""
		for suffix := range srcs {
			if suffix != "" && strings.HasSuffix(f.File, "/"+suffix) {
				file = suffix
			}
		}
		gotKeys = append(gotKeys, findingKey(f, file))
		if f.Message == "" || f.Line < 1 || f.Col < 1 || f.File == "" {
			t.Errorf("malformed finding %#v", f)
		}
		if f.Recorded != "" && f.Severity != report.Error {
			t.Errorf("a warning is marked recorded: %s", f)
		}
	}
	for _, x := range wants {
		line, col := locate(t, srcs[x.file], x)
		wantKeys = append(wantKeys, x.key(line, col))
	}
	slices.Sort(gotKeys)
	slices.Sort(wantKeys)
	if !slices.Equal(gotKeys, wantKeys) {
		var b strings.Builder
		for _, f := range got {
			fmt.Fprintf(&b, "\n\t%s", f)
		}
		t.Errorf("findings:\n got %q\nwant %q\nall findings:%s", gotKeys, wantKeys, b.String())
	}
}

type ruleCase struct {
	name  string
	src   string
	wants []want
}

func runCheckCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			_, got := report.Check("f.md", []byte(c.src))
			checkFindings(t, map[string]string{"": c.src}, got, c.wants)
		})
	}
}

func TestBasesAreClean(t *testing.T) {
	for name, src := range map[string]string{"2019": base2019, "2021": base2021} {
		r, fs := report.Check("f.md", []byte(src))
		if len(fs) != 0 {
			t.Errorf("base %s: %d findings, want none: %v", name, len(fs), fs)
		}
		if r == nil {
			t.Fatalf("base %s: no report", name)
		}
		if r.Layout() != name {
			t.Errorf("base %s: layout %s", name, r.Layout())
		}
	}
}

// Lines of the base reports that cases edit.
const (
	rowNew19     = "一、本年新收政府信息公开申请数量: [5, 1, 0, 0, 0, 0, 6]"
	rowOut19     = "四、结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]"
	rowOpen19    = "（一）予以公开: [2, 1, 0, 0, 0, 0, 3]"
	rowNoInfo19  = "1.本机关不掌握相关政府信息: [1, 0, 0, 0, 0, 0, 1]"
	rowOther19   = "（六）其他处理: [1, 0, 0, 0, 0, 0, 1]"
	rowTotal19   = "（七）总计: [5, 1, 0, 0, 0, 0, 6]"
	rowReview19  = "行政复议: [1, 0, 0, 1, 2]"
	rowSuitRev19 = "复议后起诉: [0, 0, 0, 0, 0]"
	rowRules19   = "规章: {本年新制作数量: 1, 本年新公开数量: 1, 对外公开总数量: 5}"
	rowDocs19    = "规范性文件: {本年新制作数量: 2, 本年新公开数量: 2, 对外公开总数量: 10}"
	rowPermit19  = "行政许可: {上一年项目数量: 3, 本年增/减: +1, 处理决定数量: 7}"
	rowForce19   = "  行政强制: {上一年项目数量: 0, 本年增/减: 0, 处理决定数量: 0}"
	rowBuy19     = "政府集中采购: {采购项目数量: 3, 采购总金额: 12.5 万元}"
	sec5         = "## 五、存在的主要问题及改进情况\n\n培训不足，将加强培训。\n\n"
	sec6         = "## 六、其他需要报告的事项\n\n无。\n"
	table4Block  = "table4:\n  行政复议: [1, 0, 0, 1, 2]\n  行政诉讼:\n    未经复议直接起诉: [0, 1, 0, 0, 1]\n    复议后起诉: [0, 0, 0, 0, 0]\n"
	group5Block  = "    （五）不予处理:\n      1.信访举报投诉类申请: [0, 0, 0, 0, 0, 0, 0]\n      2.重复申请: [0, 0, 0, 0, 0, 0, 0]\n      3.要求提供公开出版物: [0, 0, 0, 0, 0, 0, 0]\n      4.无正当理由大量反复申请: [0, 0, 0, 0, 0, 0, 0]\n      5.要求行政机关确认或重新出具已获取信息: [0, 0, 0, 0, 0, 0, 0]\n"
	other21Last  = "      3.其他: [0, 0, 0, 0, 0, 0, 0]"
)

// TestFileRules breaks each rule that report.Check applies, one way per
// case, and asserts every finding (rule, severity, line, column, recorded)
// and that nothing else is reported.
func TestFileRules(t *testing.T) {
	var cases []ruleCase
	add := func(name, src string, wants ...want) { cases = append(cases, ruleCase{name, src, wants}) }
	b19 := func(pairs ...string) string { return edit(t, base2019, pairs...) }
	b21 := func(pairs ...string) string { return edit(t, base2021, pairs...) }

	add("clean 2019 layout", base2019)
	add("clean 2021 layout", base2021)
	add("clean with labels in half-width forms and a row written as a map",
		b19("（六）其他处理: [1, 0, 0, 0, 0, 0, 1]", "(六) 其他处理: {自然人: 1, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 1}",
			"1.属于国家秘密", "1、属于国家秘密"))

	// F1: the file's syntax.
	add("F1 front matter never closed", b19("---\n\n## 一", "\n## 一"), e("F1", "", ""))
	add("F1 no front matter", b19("---\nagency", "agency"), e("F1", "", ""))
	add("F1 YAML syntax error: a second colon", b19("title: 测试局", "title: : 测试局"), e("F1", "title:", ": 测试局"))
	add("F1 YAML syntax error: a tab indents a row", b19(rowForce19, "\t"+strings.TrimSpace(rowForce19)), e("F1", "\t行政强制", "\t"))
	add("F1 YAML syntax error: a flow map left open", b19(rowForce19, strings.TrimSuffix(rowForce19, "}")),
		e("F1", "行政事业性收费:", "行政事业性收费")) // the parser notices on the next row
	add("F1 invalid UTF-8", b19("培训不足", "培训\xff不足"), e("F1", "将加强培训", "\xff"))
	add("F1 NUL byte", b19("培训不足", "培训\x00不足"), e("F1", "", ""))

	// F2: a value of the wrong type.
	add("F2 text in a list cell", b19(rowReview19, "行政复议: [1, 0, 0, 一, 2]"), e("F2", "行政复议:", "一"))
	add("F2 text in a map cell", b19(rowRules19, "规章: {本年新制作数量: 一件, 本年新公开数量: 1, 对外公开总数量: 5}"), e("F2", "规章:", "一件"))
	add("F2 list where a map belongs", b19(rowPermit19, "行政许可: [3, +1, 7]"), e("F2", "行政许可:", "["))
	add("F2 number where a list belongs", b19(rowReview19, "行政复议: 2"), e("F2", "行政复议:", "2"))
	add("F2 count with a unit", b19(rowOther19, "（六）其他处理: [1 件, 0, 0, 0, 0, 0, 1]"), e("F2", "（六）其他处理:", "1 件"))
	add("F2 amount in an unknown unit", b19("12.5 万元", "12.5 美元"), e("F2", "政府集中采购:", "12.5"))
	add("F2 published is not a date", b19("published: 2021-01-20", "published: 2021年1月20日"), e("F2", "published:", "2021"))
	add("F2 allow_html is not a boolean", b19("allow_html: false", "allow_html: yes"), e("F2", "allow_html:", "yes"))
	add("F2 anchors are not allowed", b19(rowReview19, "行政复议: &a [1, 0, 0, 1, 2]"), e("F2", "行政复议:", "&a"))
	add("F2 known_defects is not a list", b19("known_defects: []", "known_defects: C1"), e("F2", "known_defects:", "C1"))

	// F3: a key written twice.
	add("F3 duplicate key at top level", b19("allow_html: false", "allow_html: false\nyear: 2021"), e("F3", "year: 2021", "year"))
	add("F3 duplicate row in table 三", b19(rowOther19, rowOther19+"\n    （六）其他处理: [2, 0, 0, 0, 0, 0, 2]"),
		e("F3", "（六）其他处理: [2", "（"))
	add("F3 duplicate row in table 三 after folding widths", b19(rowOther19, rowOther19+"\n    (六)其他处理: [1, 0, 0, 0, 0, 0, 1]"),
		e("F3", "(六)其他处理", "("))
	add("F3 duplicate column in a table 二 row", b19(rowRules19, "规章: {本年新制作数量: 1, 本年新制作数量: 1, 本年新公开数量: 1, 对外公开总数量: 5}"),
		e("F3", "规章:", "本年新制作数量: 1, 本年新公开"))
	add("F3 duplicate row in table 二 after folding spaces", b19(rowForce19, rowForce19+"\n  行政 强制: {上一年项目数量: 0, 本年增/减: 0, 处理决定数量: 0}"),
		e("F3", "行政 强制", "行政"))
	add("F3 duplicate column in a table 三 row map", b19(rowOther19, "（六）其他处理: {自然人: 1, 自然人: 1, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 1}"),
		e("F3", "（六）其他处理:", "自然人: 1, 商业"))
	add("F3 duplicate group in table 四", b19(rowSuitRev19, rowSuitRev19+"\n    复议后起诉: [1, 0, 0, 0, 1]"), e("F3", "复议后起诉: [1", "复"))
	add("F3 duplicate section heading", b19(sec6, "## 五、存在的主要问题及改进情况 \n\n又一段。\n\n"+sec6),
		e("F3", "## 五、存在的主要问题及改进情况 ", "五"))

	// F4: metadata.
	add("F4 agency missing", b19("agency: ce-shi-ju\n", ""), e("F4", "", ""))
	add("F4 year missing", b19("year: 2020\n", ""), e("F4", "", ""))
	add("F4 agency is not a record key", b19("agency: ce-shi-ju", "agency: 测试局"), e("F4", "agency:", "测试局"))
	add("F4 year is not a number", b19("year: 2020", "year: 二〇二〇"), e("F4", "year:", "二"))
	add("F4 year out of range", b19("year: 2020", "year: 1999"), e("F4", "year:", "1999"))
	add("F4 unknown top-level key", b19("allow_html: false", "allow_html: false\nauthor: 张三"), e("F4", "author:", "author"))
	add("F4 unknown key in source", b19("  note: 测试用", "  note: 测试用\n  page: 3"), e("F4", "page:", "page"))
	add("F4 known_defects entry without reason", b19("known_defects: []", "known_defects:\n  - rule: C1"), e("F4", "- rule: C1", "rule"))
	add("F4 unknown key in a known_defects entry", b19("known_defects: []", "known_defects:\n  - rule: C1\n    at: table4.行政复议\n    why: 原文如此\n    reason: 原文如此"),
		e("F4", "why:", "why"), w("K1", "- rule: C1", "rule"))

	// S1: a required table, section, row or column is missing.
	add("S1 table 四 missing", b19(table4Block, ""), e("S1", "", ""))
	add("S1 section 五 missing", b19(sec5, ""), e("S1", "## 六、", ""))
	add("S1 last section 六 missing", b19(sec6, ""), e("S1", "## 五、", ""))
	add("S1 section 一 missing", b19("## 一、总体情况\n\n全年新收到政府信息公开申请6件，予以公开3件。\n\n", ""), e("S1", "## 五、", ""))
	add("S1 row missing in table 三", b19("      2.重复申请: [0, 0, 0, 0, 0, 0, 0]\n", ""), e("S1", "table3:", "table3"))
	add("S1 group of five rows missing in table 三 is one finding", b19(group5Block, ""), e("S1", "table3:", "table3"))
	add("S1 row missing in table 二", b19(rowForce19+"\n", ""), e("S1", "table2:", "table2"))
	add("S1 column missing in a table 二 row", b19(rowRules19, "规章: {本年新制作数量: 1, 本年新公开数量: 1}"), e("S1", "规章:", "规章"))
	add("S1 group missing in table 四", b19("    "+rowSuitRev19+"\n", ""), e("S1", "table4:", "table4"))
	add("S1 front matter empty", b19("---\nagency", "---\n---\nagency"), e("S1", "", ""))

	// S2: an unknown label.
	add("S2 unknown row in table 二", b19(rowForce19, "  行政征收: {上一年项目数量: 0, 本年增/减: 0, 处理决定数量: 0}"),
		e("S2", "行政征收:", "行政征收"), e("S1", "table2:", "table2"))
	add("S2 unknown column in table 二", b19(rowPermit19, "行政许可: {上一年项目数量: 3, 本年增减: +1, 处理决定数量: 7}"),
		e("S2", "行政许可:", "本年增减"), e("S1", "行政许可:", "行政许可"))
	add("S2 unknown row in table 三", b19(rowOut19, "四、结转下年度办理: [1, 0, 0, 0, 0, 0, 1]"),
		e("S2", "四、结转下年度办理", "四"), e("S1", "table3:", "table3"))
	add("S2 unknown group in table 三", b19(rowOther19, "（六）其它处理: [1, 0, 0, 0, 0, 0, 1]"),
		e("S2", "（六）其它处理", "（"), e("S1", "table3:", "table3"))
	add("S2 unknown item in table 三", b19("2.重复申请:", "2.重复提出申请:"),
		e("S2", "2.重复提出申请", "2"), e("S1", "table3:", "table3"))
	add("S2 unknown column in a table 三 row map", b19(rowOther19, "（六）其他处理: {自然人: 1, 企业: 0, 总计: 1}"),
		e("S2", "（六）其他处理:", "企业"))
	add("S2 unknown group in table 四", b19(rowSuitRev19, "复议前起诉: [0, 0, 0, 0, 0]"),
		e("S2", "复议前起诉", "复"), e("S1", "table4:", "table4"))
	add("S2 unknown section heading replacing a standard one", b19("## 五、存在的主要问题及改进情况", "## 五、存在问题"),
		e("S2", "## 五、存在问题", "五"), e("S1", "## 六、", ""))
	add("S2 unknown section heading", b19(sec6, "## 七、附件\n\n附表。\n\n"+sec6), e("S2", "## 七、附件", "七"))

	// S3: a label of the other layout.
	add("S3 2019 row 政府集中采购 in a 2021 table 二", b21("  行政事业性收费: {本年收费金额: 3.5}", "  行政事业性收费: {本年收费金额: 3.5}\n  政府集中采购: {采购项目数量: 3, 采购总金额: 12.5 万元}"),
		e("S3", "政府集中采购", "政府"))
	add("S3 2021 column in a 2019 table 二", b19(rowRules19, "规章: {本年新制作数量: 1, 本年新公开数量: 1, 对外公开总数量: 5, 本年制发件数: 1}"),
		e("S3", "规章:", "本年制发件数"))
	add("S3 2021 column 本年处理决定数量 in a 2019 row", b19(rowPermit19, "行政许可: {上一年项目数量: 3, 本年增/减: +1, 处理决定数量: 7, 本年处理决定数量: 7}"),
		e("S3", "行政许可:", "本年处理决定数量"))
	add("S3 2021 row 行政规范性文件 in a 2019 table 二", b19("  规范性文件: {", "  行政规范性文件: {"),
		e("S3", "行政规范性文件:", "行政"), e("S1", "table2:", "table2"))

	// S4: a row with the wrong number of cells.
	add("S4 six cells in a row of table 三", b19(rowOther19, "（六）其他处理: [1, 0, 0, 0, 0, 1]"), e("S4", "（六）其他处理:", "["))
	add("S4 six cells in a group of table 四", b19(rowSuitRev19, "复议后起诉: [0, 0, 0, 0, 0, 0]"), e("S4", "复议后起诉:", "["))

	// B1: 一 + 二 = 三（七）总计 + 四, for each column.
	add("B1 broken in one column (自然人)", b19(rowOut19, "四、结转下年度继续办理: [2, 0, 0, 0, 0, 0, 1]"),
		e("B1", "（七）总计:", "5,"), e("B3", "四、结转下年度继续办理:", "1]"))
	add("B1 broken in the 总计 column", b19(rowOut19, "四、结转下年度继续办理: [1, 0, 0, 0, 0, 0, 2]"),
		e("B1", "（七）总计:", "6]"), e("B3", "四、结转下年度继续办理:", "2]"))
	add("B1 broken in two columns whose totals agree", b19(rowNew19, "一、本年新收政府信息公开申请数量: [6, 0, 0, 0, 0, 0, 6]"),
		e("B1", "（七）总计:", "5,"), e("B1", "（七）总计:", "1, 0"))
	add("B1 broken in the 2021 layout", b21("二、上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]", "二、上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 1, 2]"),
		e("B1", "（七）总计:", "0, 9]"), e("B1", "（七）总计:", "9]"))

	// B2: （七）总计 = the sum of the leaf rows, for each column.
	add("B2 a leaf row off by one", b19(rowNoInfo19, "1.本机关不掌握相关政府信息: [2, 0, 0, 0, 0, 0, 2]"),
		e("B2", "（七）总计:", "5,"), e("B2", "（七）总计:", "6]"))
	add("B2 a sub-item of （六） in the 2021 layout", b21(other21Last, "      3.其他: [0, 0, 0, 0, 0, 1, 1]"),
		e("B2", "（七）总计:", "0, 9]"), e("B2", "（七）总计:", "9]"))

	// B3: 总计 = 自然人 + the five 法人或其他组织 columns, for each row.
	add("B3 two rows whose 总计 is off, columns still adding up", b19(rowOpen19, "（一）予以公开: [3, 1, 0, 0, 0, 0, 3]", rowNoInfo19, "1.本机关不掌握相关政府信息: [0, 0, 0, 0, 0, 0, 1]"),
		e("B3", "（一）予以公开:", "3]"), e("B3", "1.本机关不掌握相关政府信息:", "1]"))
	add("B3 a top-level row", b19(rowNew19, "一、本年新收政府信息公开申请数量: [5, 1, 0, 0, 0, 0, 7]"),
		e("B3", "一、本年新收", "7]"), e("B1", "（七）总计:", "6]"), w("X1", "全年新收到", "6件"))

	// C1: 总计 of each group of 四.
	add("C1 行政复议", b19(rowReview19, "行政复议: [1, 0, 0, 1, 3]"), e("C1", "行政复议:", "3]"))
	add("C1 行政诉讼 复议后起诉", b19(rowSuitRev19, "复议后起诉: [0, 0, 1, 0, 0]"), e("C1", "复议后起诉:", "0]"))

	// N1: counts are non-negative integers.
	add("N1 negative count in table 二", b19(rowPermit19, "行政许可: {上一年项目数量: 3, 本年增/减: +1, 处理决定数量: -7}"), e("N1", "行政许可:", "-7"))
	add("N1 negative count in table 三 (the sums break too)", b19("（二）部分公开（区分处理的，只计这一情形，不计其他情形）: [1, 0", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）: [1, -1"),
		e("N1", "（二）部分公开", "-1"), e("B3", "（二）部分公开", "1]"), e("B2", "（七）总计:", "1, 0"))
	add("N1 fractional count", b19(rowPermit19, "行政许可: {上一年项目数量: 3, 本年增/减: +1, 处理决定数量: 7.5}"), e("N1", "行政许可:", "7.5"))
	add("N1 fractional counts in table 四", b19(rowReview19, "行政复议: [0.5, 1.5, 0, 0, 2]"), e("N1", "行政复议:", "0.5"), e("N1", "行政复议:", "1.5"))
	add("N1 fractional 本年增/减", b19(rowPermit19, "行政许可: {上一年项目数量: 3, 本年增/减: +1.5, 处理决定数量: 7}"), e("N1", "行政许可:", "+1.5"))
	add("N1 negative amount", b19("12.5 万元", "-12.5 万元"), e("N1", "政府集中采购:", "-12.5"))
	add("N1 negative count in an extra row", b19(rowBuy19, rowBuy19+"\n  extra:\n    政府信息公开发布总数量: -15"), e("N1", "政府信息公开发布总数量:", "-15"))

	// N2: blank cells.
	add("N2 null cell in table 四 (C1 not checked)", b19(rowReview19, "行政复议: [1, 0, null, 1, 3]"), w("N2", "行政复议:", "null"))
	add("N2 dash for 本年增/减", b19(rowForce19, "  行政强制: {上一年项目数量: 0, 本年增/减: -, 处理决定数量: 0}"), w("N2", "行政强制:", "-,"))
	add("N2 tilde in table 三 (B2, B3 not checked)", b19(rowOther19, "（六）其他处理: [~, 0, 0, 0, 0, 0, 1]"), w("N2", "（六）其他处理:", "~"))
	add("N2 columns left out of a row map", b19(rowOther19, "（六）其他处理: {自然人: 1, 总计: 1}"),
		w("N2", "（六）其他处理:", "{"), w("N2", "（六）其他处理:", "{"), w("N2", "（六）其他处理:", "{"), w("N2", "（六）其他处理:", "{"), w("N2", "（六）其他处理:", "{"))
	add("N2 a wholly blank table is one finding", b19(table4Block, "table4:\n  行政复议: [~, ~, ~, ~, ~]\n  行政诉讼:\n    未经复议直接起诉: [~, ~, ~, ~, ~]\n    复议后起诉: [~, ~, ~, ~, ~]\n"),
		w("N2", "table4:", "table4"))

	// P1–P3, U1: plausibility of table 二.
	add("P1 对外公开总数量 below 本年新公开数量", b19(rowDocs19, "规范性文件: {本年新制作数量: 2, 本年新公开数量: 2, 对外公开总数量: 1}"), w("P1", "规范性文件:", "1}"))
	add("P2 documents made but not published", b19(rowDocs19, "规范性文件: {本年新制作数量: 3, 本年新公开数量: 2, 对外公开总数量: 10}"), w("P2", "规范性文件:", "2, 对外"))
	add("P3 more than 1亿元 per purchase", b19("12.5 万元", "125000 万元"), w("P3", "政府集中采购:", "125000"))
	add("P3 an amount with no purchases", b19(rowBuy19, "政府集中采购: {采购项目数量: 0, 采购总金额: 12.5 万元}"), w("P3", "政府集中采购:", "12.5"))
	add("U1 an amount with no unit", b19("12.5 万元", "12.5"), w("U1", "政府集中采购:", "12.5"))
	add("U1 and P3 for a bare amount in 元", b19("12.5 万元", "3481775656"), w("U1", "政府集中采购:", "3481775656"), w("P3", "政府集中采购:", "3481775656"))

	// X1: the narrative disagrees with the tables.
	add("X1 新收申请 in the narrative", b19("全年新收到政府信息公开申请6件", "全年新收到政府信息公开申请9件"), w("X1", "全年新收到", "9件"))
	add("X1 办结 in the 2021 narrative", b21("办结9件", "办结8件"), w("X1", "办结8件", "8件"))
	add("X1 also for a table change the narrative contradicts", b19(rowOpen19, "（一）予以公开: [2, 1, 0, 0, 0, 0, 4]"),
		e("B3", "（一）予以公开:", "4]"), e("B2", "（七）总计:", "6]"), w("X1", "予以公开3件", "3件"))

	// S5: sections out of order.
	add("S5 section 六 before 五", b19(sec5+sec6, sec6+"\n"+sec5), w("S5", "## 五、", "五"))

	// known_defects: recorded errors, and K1 for entries that cover nothing.
	const c1 = "known_defects:\n  - rule: C1\n"
	add("known_defects records an error", b19("known_defects: []", c1+"    reason: 原文如此", rowReview19, "行政复议: [1, 0, 0, 1, 3]"),
		rec("C1", "行政复议:", "3]"))
	add("known_defects at limits the entry to its place", b19("known_defects: []", c1+"    at: table4.行政复议\n    reason: 原文如此",
		rowReview19, "行政复议: [1, 0, 0, 1, 3]", rowSuitRev19, "复议后起诉: [0, 0, 1, 0, 0]"),
		rec("C1", "行政复议:", "3]"), e("C1", "复议后起诉:", "0]"))
	add("known_defects at folds widths and covers sub-items", b19("known_defects: []", "known_defects:\n  - rule: B3\n    at: table3.(四)无法提供\n    reason: 原文如此",
		rowOpen19, "（一）予以公开: [3, 1, 0, 0, 0, 0, 3]", rowNoInfo19, "1.本机关不掌握相关政府信息: [0, 0, 0, 0, 0, 0, 1]"),
		e("B3", "（一）予以公开:", "3]"), rec("B3", "1.本机关不掌握相关政府信息:", "1]"))
	add("K1 entry covering nothing", b19("known_defects: []", c1+"    reason: 原文如此"), w("K1", "- rule: C1", "rule"))
	add("K1 entry at another place leaves the error blocking", b19("known_defects: []", c1+"    at: table4.行政诉讼\n    reason: 原文如此", rowReview19, "行政复议: [1, 0, 0, 1, 3]"),
		w("K1", "- rule: C1", "rule"), e("C1", "行政复议:", "3]"))
	add("K1 warnings are not recorded", b19("known_defects: []", "known_defects:\n  - rule: U1\n    reason: 原文无单位", "12.5 万元", "12.5"),
		w("K1", "- rule: U1", "rule"), w("U1", "政府集中采购:", "12.5"))

	runCheckCases(t, cases)
}

// agencyYAML is a valid agency record for the reports of the bases.
const agencyYAML = "name: 测试局\naliases: []\nregion:\n  province: 江苏省\n  city: 淮安市\n  district: null\nlevel: 市级\nparent: 淮安市人民政府\nwebsite: null\n"

// loadCase is a content root for report.Load: files by path.
type loadCase struct {
	name  string
	files map[string]string
	wants []want
}

// TestCrossFileRules checks the rules report.Load applies across files: the
// agency record exists (F4), one report per agency and year (F4), and the
// carry-overs between consecutive years (Y1, Y2, Y3).
func TestCrossFileRules(t *testing.T) {
	const (
		ag   = "agencies/ce-shi-ju.yaml"
		r19  = "reports/2019/ce-shi-ju.md"
		r20  = "reports/2020/ce-shi-ju.md"
		r21  = "reports/2021/ce-shi-ju.md"
		r22  = "reports/2022/ce-shi-ju.md"
		r21b = "reports/2021/ce-shi-ju-2.md"
	)
	year19 := edit(t, base2019, "year: 2020", "year: 2019")
	year22 := edit(t, base2021, "year: 2021", "year: 2022")
	cases := []loadCase{
		{"clean: consecutive years in both layouts", map[string]string{ag: agencyYAML, r20: base2019, r21: base2021}, nil},
		{"clean: carry-overs that agree", map[string]string{ag: agencyYAML, r19: year19,
			r20: edit(t, base2019, rowPermit19, "行政许可: {上一年项目数量: 4, 本年增/减: +1, 处理决定数量: 7}",
				"行政处罚: {上一年项目数量: 4,", "行政处罚: {上一年项目数量: 3,"),
			r21: base2021,
			r22: edit(t, year22, "规章: {本年制发件数: 1, 本年废止件数: 0, 现行有效件数: 4}", "规章: {本年制发件数: 1, 本年废止件数: 0, 现行有效件数: 5}",
				"行政规范性文件: {本年制发件数: 3, 本年废止件数: 1, 现行有效件数: 12}", "行政规范性文件: {本年制发件数: 3, 本年废止件数: 1, 现行有效件数: 14}")}, nil},
		{"F4 agency record missing", map[string]string{r20: base2019}, []want{e("F4", "agency:", "agency").in(r20)}},
		{"F4 agency record missing though another exists", map[string]string{ag: agencyYAML, r20: base2019,
			"reports/2020/wei-zhi-ju.md": edit(t, base2019, "agency: ce-shi-ju", "agency: wei-zhi-ju")},
			[]want{e("F4", "agency:", "agency").in("reports/2020/wei-zhi-ju.md")}},
		{"F4 two reports of one agency and year", map[string]string{ag: agencyYAML, r21: base2021, r21b: base2021},
			[]want{e("F4", "year:", "year").in(r21)}},
		{"Y1 上年结转 differs from last year's 结转下年度", map[string]string{ag: agencyYAML, r20: base2019,
			r21: edit(t, base2021, "二、上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]", "二、上年结转政府信息公开申请数量: [0, 0, 0, 0, 0, 0, 0]",
				"一、本年新收政府信息公开申请数量: [8, 0, 0, 0, 1, 0, 9]", "一、本年新收政府信息公开申请数量: [9, 0, 0, 0, 1, 0, 10]",
				"申请9件", "申请10件")},
			[]want{w("Y1", "二、上年结转", "0, 0, 0, 0, 0, 0, 0]").in(r21), w("Y1", "二、上年结转", "0]").in(r21)}},
		{"Y2 现行有效件数 does not carry forward", map[string]string{ag: agencyYAML, r21: base2021, r22: year22},
			[]want{w("Y2", "规章:", "4}").in(r22), w("Y2", "行政规范性文件:", "12}").in(r22)}},
		{"Y3 上一年项目数量 does not carry forward", map[string]string{ag: agencyYAML, r19: year19, r20: base2019},
			[]want{w("Y3", "行政许可:", "3,").in(r20), w("Y3", "行政处罚:", "4,").in(r20)}},
		{"Y1 not applied across a gap year", map[string]string{ag: agencyYAML, r19: year19,
			r21: edit(t, base2021, "二、上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]", "二、上年结转政府信息公开申请数量: [0, 0, 0, 0, 0, 0, 0]",
				"一、本年新收政府信息公开申请数量: [8, 0, 0, 0, 1, 0, 9]", "一、本年新收政府信息公开申请数量: [9, 0, 0, 0, 1, 0, 10]",
				"申请9件", "申请10件")}, nil},
		{"K1 reported once by Load", map[string]string{ag: agencyYAML, r20: edit(t, base2019, "known_defects: []", "known_defects:\n  - rule: C1\n    reason: 原文如此")},
			[]want{w("K1", "- rule: C1", "rule").in(r20)}},
		{"known_defects records a cross-file error", map[string]string{r20: edit(t, base2019, "known_defects: []", "known_defects:\n  - rule: F4\n    at: agency\n    reason: 机关记录待补")},
			[]want{rec("F4", "agency:", "agency").in(r20)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, src := range c.files {
				fsys[p] = &fstest.MapFile{Data: []byte(src)}
			}
			site, got, err := report.Load(fsys, "content")
			if err != nil {
				t.Fatal(err)
			}
			if n := len(c.files) - len(site.Agencies); len(site.Reports) != n {
				t.Errorf("%d reports loaded, want %d", len(site.Reports), n)
			}
			for _, f := range got {
				if !strings.HasPrefix(f.File, "content/") {
					t.Errorf("finding file %q lacks the prefix", f.File)
				}
			}
			checkFindings(t, c.files, got, c.wants)
		})
	}
}

// TestAgencyRules checks the findings of report.ParseAgency.
func TestAgencyRules(t *testing.T) {
	ag := func(pairs ...string) string { return edit(t, agencyYAML, pairs...) }
	cases := []struct {
		name, key, src string
		wants          []want
	}{
		{"clean", "ce-shi-ju", agencyYAML, nil},
		{"clean without name but with description", "si-ping-shi-mou-ju", ag("name: 测试局", "name: null\ndescription: 四平市某局（名称未载明）"), nil},
		{"F1 YAML syntax error", "ce-shi-ju", ag("aliases: []", "aliases: [a"), e("F1", "region:", "").list()}, // noticed on the next line
		{"F2 not a map", "ce-shi-ju", "- a\n- b\n", e("F2", "", "").list()},
		{"F2 unknown level", "ce-shi-ju", ag("level: 市级", "level: 省部级"), e("F2", "level:", "省部级").list()},
		{"F2 website not a web address", "ce-shi-ju", ag("website: null", "website: www.example.cn"), e("F2", "website:", "www").list()},
		{"F3 duplicate key", "ce-shi-ju", ag("level: 市级", "level: 市级\nname: 另一局"), e("F3", "name: 另一局", "name").list()},
		{"F4 unknown key", "ce-shi-ju", ag("website: null", "website: null\nphone: 123"), e("F4", "phone:", "phone").list()},
		{"F4 unknown region key", "ce-shi-ju", ag("  district: null", "  district: null\n  town: 某镇"), e("F4", "town:", "town").list()},
		{"F4 neither name nor description", "ce-shi-ju", ag("name: 测试局", "name: null"), e("F4", "", "").list()},
		{"F4 key not a slug", "Ce_Shi", agencyYAML, e("F4", "", "").list()},
		{"F4 empty record", "ce-shi-ju", "# nothing yet\n", e("F4", "", "").list()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, got := report.ParseAgency("a.yaml", c.key, []byte(c.src))
			checkFindings(t, map[string]string{"": c.src}, got, c.wants)
			if len(c.wants) == 0 && (a == nil || a.Key != c.key) {
				t.Errorf("agency = %+v", a)
			}
		})
	}
}

func (x want) list() []want { return []want{x} }
