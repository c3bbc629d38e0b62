package changes_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"sitegen/internal/changes"
	"sitegen/internal/report"
)

// readReport loads a bundled content file.
func readReport(t *testing.T, path string) *report.Report {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, fs := report.Check(path, src)
	if r == nil {
		t.Fatalf("%s did not parse: %v", path, fs)
	}
	return r
}

// TestBundledHongze compares the bundled 2023 and 2024 reports of
// 淮安市洪泽区人民政府 (both with the 2021 table 二 and a single （六） row),
// against figures and wording checked by hand in the two files.
func TestBundledHongze(t *testing.T) {
	prev := readReport(t, "../../content/reports/2023/huai-an-shi-hong-ze-qu-ren-min-zheng-fu.md")
	cur := readReport(t, "../../content/reports/2024/huai-an-shi-hong-ze-qu-ren-min-zheng-fu.md")

	figs, sum := changes.Figures(prev, cur)
	// 186 figures in each (10 + 23×7 + 15), all set: 30 differ.
	if want := (changes.Summary{Changed: 30, Unchanged: 156}); sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	byPath := map[string]string{}
	for _, f := range figs {
		byPath[f.Path] = show(f)
	}
	for _, want := range []string{
		"table2.行政规范性文件.本年废止件数 changed 5→0 (-5)",
		"table2.行政许可.本年处理决定数量 changed 550→9487 (+8937)",
		"table2.行政事业性收费.本年收费金额 changed 7730.28 万元→7545 万元 (-185.28万元)",
		"table3.一、本年新收政府信息公开申请数量.总计 changed 21→95 (+74)",
		"table3.（四）无法提供/2.没有现成信息需要另行制作.自然人 changed 3→1 (-2)",
		// 2023 prints 行政复议 10, 1, 0, 0 with 总计 0 (a recorded defect).
		"table4.行政复议.结果维持 changed 10→1 (-9)",
		"table4.行政复议.总计 changed 0→2 (+2)",
	} {
		path := want[:strings.Index(want, " ")]
		if byPath[path] != want {
			t.Errorf("got %q, want %q", byPath[path], want)
		}
	}
	for _, p := range []string{"table2.规章.现行有效件数", "table4.行政复议.结果纠正", "table3.（六）其他处理.总计"} {
		if got, ok := byPath[p]; ok {
			t.Errorf("unchanged figure listed: %s", got)
		}
	}

	secs := changes.Narrative(prev, cur)
	if got, want := outline(secs), strings.Join([]string{
		"- changed: changed",
		"一 changed: removed added changed removed removed added changed changed removed added",
		// 2024 splits 2023's one paragraph in two: the problems are new,
		// the plans (一是…三是…) are largely kept.
		"五 changed: added changed",
		"六 changed: changed",
	}, "\n"); got != want {
		t.Errorf("outline:\n%s\nwant:\n%s", got, want)
	}
	for _, d := range secs {
		checkParas(t, d)
	}
	sec := func(num string) changes.SectionDiff {
		i := slices.IndexFunc(secs, func(d changes.SectionDiff) bool { return d.Num == num })
		return secs[i]
	}
	// The year of the fee statement; 2023's separate heading line of （三）
	// is merged into its paragraph in 2024.
	if got := inline(sec("六").Paras[0].Inline); got != "202[-3-]{+4+}年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。" {
		t.Errorf("section 六: %s", got)
	}
	one := sec("一")
	if p := one.Paras[4]; p.Op != changes.Removed || p.Old != "（三）政府信息管理情况。" {
		t.Errorf("section 一 paragraph 4: %+v", p)
	}
	if p := one.Paras[6]; !strings.HasPrefix(inline(p.Inline), "{+（三）政府信息管理情况。+}加强区政府门户网站") ||
		!strings.Contains(inline(p.Inline), "[-执行-]{+新增+}信息审核发布{+报备+}制度") {
		t.Errorf("section 一 paragraph 6: %s", inline(p.Inline))
	}
	if c := changes.Compare(prev, cur); c.Summary != sum || len(c.Figures) != len(figs) || outline(c.Narrative) != outline(secs) {
		t.Errorf("Compare differs from Figures and Narrative")
	}
	if one.Title != "一、总体情况" {
		t.Errorf("section 一 titled %q", one.Title)
	}
}
