package build

import (
	"context"
	"encoding/json"
	"errors"
	"golang.org/x/net/html"

	"os"
	"path/filepath"
	"regexp"
	"sitegen/assets"
	"sitegen/templates"
	"strconv"
	"strings"
	"testing"
)

const (
	rep20   = "reports/2020/ce-shi-shi-ce-shi-ju/"
	rep21   = "reports/2021/ce-shi-shi-ce-shi-ju/"
	other21 = "reports/2021/ce-shi-shi-ling-yi-ju/"
)

func TestReportPage(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	s.contains(rep21,
		`<h1>测试市测试局2021年政府信息公开工作年度报告</h1>`,
		// the three tables, with captions and header associations
		`<caption id="t2-caption">主动公开政府信息情况</caption>`,
		`<caption id="t3-caption">收到和处理政府信息公开申请情况</caption>`,
		`<caption id="t4-caption">政府信息公开行政复议、行政诉讼情况</caption>`,
		`<th id="t3-results" scope="rowgroup" rowspan="22">三、本年度办理结果</th>`,
		`<td headers="t3-app t3-c0 t3-r0" class="num">7</td>`,
		`<th id="t3-legal" scope="colgroup" colspan="5">法人或其他组织</th>`,
		// narrative, traditional passages marked
		`<p>我局持续推进政务公开。</p>`,
		`<p lang="zh-Hant">本局網站新設政府資訊公開專欄。</p>`,
		// charts paired with their tables
		`<svg`, `role="img"`, `<details class="chart-data">`,
		// neighbours, comparison and downloads
		`href="/reports/2020/ce-shi-shi-ce-shi-ju/" rel="prev"`,
		`href="/reports/2021/ce-shi-shi-ce-shi-ju/changes/"`,
		`href="/reports/2021/ce-shi-shi-ce-shi-ju/report.json"`,
		`href="/reports/2021/ce-shi-shi-ce-shi-ju/report.csv"`,
		`本报告的数字全部相符`,
	)
	s.contains(rep20, `href="/reports/2021/ce-shi-shi-ce-shi-ju/" rel="next"`, `2019 年版格式`,
		`<th id="t2-g1" scope="colgroup" colspan="4">第二十条第（一）项</th>`)
	s.lacks(rep20, `changes/`)
	if s.exists(rep20 + "changes/index.html") {
		t.Error("a first report has no comparison page")
	}
}

func TestChangesPage(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	s.contains(rep21+"changes/",
		`测试市测试局 2021年报告与2020年报告比较`,
		// 新收申请 5 → 7
		`<th scope="row">一、本年新收政府信息公开申请数量 / 自然人</th><td class="num">5</td><td class="num">7</td><td class="num change">增加 +2</td>`,
		`两份报告的表格格式不同`,
		`<h3 id="d-s1-h">一、总体情况</h3>`, `<h3 id="d-s5-h">五、存在的主要问题及改进情况（未变）</h3>`,
		`[新增]`, `<ins>本局網站新設政府資訊公開專欄。</ins>`,
		`[修改]`, `<del>5</del><ins>7</ins>`,
	)
}

func TestListPages(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	s.contains("", `<strong>2</strong> 个机关`, `<strong>3</strong> 份报告`, `href="/years/2021/"`, `href="/regions/ce-shi-sheng/"`,
		`<span class="stat-value">14</span> <span class="stat-label">新收申请（件）</span>`)
	s.contains("agencies/ce-shi-shi-ce-shi-ju/", `<h1>测试市测试局</h1>`, `2020年度报告`, `2021年度报告`,
		`id="trend-applications"`, `<caption id="by-year-caption">历年主要数字</caption>`)
	s.contains("years/2021/", `table class="figures sortable" id="year-table"`,
		`<a href="/reports/2021/ce-shi-shi-ling-yi-ju/">测试市另一局</a>`, `data-value="7"`, `src="/assets/js/sort.`)
	s.contains("regions/ce-shi-sheng/ce-shi-shi/", `<h1>测试市</h1>`, `href="/regions/ce-shi-sheng/ce-shi-shi/ce-shi-qu/">测试区</a>`,
		`<a href="/agencies/ce-shi-shi-ce-shi-ju/">测试市测试局</a>`)
	s.contains("regions/ce-shi-sheng/ce-shi-shi/ce-shi-qu/", `<a href="/agencies/ce-shi-shi-ling-yi-ju/">测试市另一局</a>`)
	s.contains("agencies/", `测试市另一局`, `测试省 测试市 测试区`)
	s.contains("compare/", `<noscript>`, `data-catalogue="/data/agencies.json"`, `src="/assets/js/compare.`)
	s.contains("404.html", `页面不存在`)
}

func TestOpenData(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	var all []map[string]any
	if err := json.Unmarshal([]byte(s.read("data/reports.json")), &all); err != nil || len(all) != 3 {
		t.Fatalf("reports.json: %d reports, %v", len(all), err)
	}
	var one map[string]any
	if err := json.Unmarshal([]byte(s.read(rep21+"report.json")), &one); err != nil {
		t.Fatal(err)
	}
	if one["agency_key"] != "ce-shi-shi-ce-shi-ju" || one["year"] != 2021.0 || one["layout"] != "2021" {
		t.Errorf("report.json: %v", one)
	}
	var figs agencyFigures
	if err := json.Unmarshal([]byte(s.read("agencies/ce-shi-shi-ce-shi-ju/figures.json")), &figs); err != nil {
		t.Fatal(err)
	}
	if v := figs.Years["2021"]["new"]; v == nil || *v != 7 {
		t.Errorf("figures.json 2021 new = %v, want 7", v)
	}
	if figs.Reports["2020"] != "/"+rep20 {
		t.Errorf("figures.json report link %q", figs.Reports["2020"])
	}
	s.contains(rep21+"report.csv", "\uFEFF")
	s.contains("data/table3.csv", "ce-shi-shi-ling-yi-ju")
	s.contains("data/figures.csv", "agency_key,agency,year,新收申请")
	s.contains("data/agencies.json", `"key":"ce-shi-shi-ce-shi-ju"`, `"figures":"/agencies/ce-shi-shi-ce-shi-ju/figures.json"`)
	s.contains("sitemap.xml", "<loc>https://example.org/reports/2021/ce-shi-shi-ce-shi-ju/</loc>", "<lastmod>2022-01-20</lastmod>")
	s.contains("feed.xml", `<feed xmlns="http://www.w3.org/2005/Atom"`, "https://example.org/reports/2021/ce-shi-shi-ling-yi-ju/")
	s.contains("robots.txt", "Sitemap: https://example.org/sitemap.xml")
	s.contains("data/report.schema.json", `"$schema"`)
}

var (
	hrefRE   = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	inlineJS = regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`)
)

// checkPages asserts, on every HTML page, what every page must hold: a
// Content-Security-Policy, no inline script or style, and links that
// resolve to files of the site under the base path.
func checkPages(t *testing.T, s *site, base string) {
	t.Helper()
	for _, f := range s.files() {
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		page := s.read(f)
		if !strings.Contains(page, `http-equiv="Content-Security-Policy"`) {
			t.Errorf("%s: no Content-Security-Policy", f)
		}
		if inlineJS.MatchString(page) || strings.Contains(page, " style=") || strings.Contains(page, "<style") {
			t.Errorf("%s: inline script or style", f)
		}
		for _, m := range hrefRE.FindAllStringSubmatch(page, -1) {
			u := m[1]
			if strings.HasPrefix(u, "#") || u == "data:," || strings.HasPrefix(u, "https://example.org/") && base == "/" {
				continue
			}
			if !strings.HasPrefix(u, base) {
				t.Errorf("%s: link %q is outside the base path %s", f, u, base)
				continue
			}
			p, _, _ := strings.Cut(strings.TrimPrefix(u, base), "#")
			if p == "" || strings.HasSuffix(p, "/") {
				p += "index.html"
			}
			if !s.exists(p) {
				t.Errorf("%s: broken link %q", f, u)
			}
		}
	}
}

func TestEveryPage(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	checkPages(t, s, "/")
}

func TestSubPath(t *testing.T) {
	s := newSite(t, "small.txtar")
	s.opt.BaseURL = "/portal/"
	s.build()
	checkPages(t, s, "/portal/")
	s.contains(rep21, `href="/portal/assets/css/site.`, `<a class="brand" href="/portal/">`)
	for _, f := range []string{"sitemap.xml", "feed.xml"} {
		if s.exists(f) {
			t.Errorf("%s written without an absolute base URL", f)
		}
	}
	s.lacks("robots.txt", "Sitemap:")
}

func TestAssetsFingerprinted(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	home := s.read("")
	m := regexp.MustCompile(`href="/(assets/css/site\.([0-9a-f]{10})\.css)"`).FindStringSubmatch(home)
	if m == nil {
		t.Fatal("no fingerprinted stylesheet on the home page")
	}
	css := s.read(m[1])
	if strings.Contains(css, "\n  ") || strings.Contains(css, "/*") {
		t.Error("site.css is not minified")
	}
	// A site's own stylesheet replaces the default and gets its own name.
	s2 := newSite(t, "small.txtar", func(dir string) {
		write(t, filepath.Join(dir, "assets/css/site.css"), "body { color: #000 }")
	}).build()
	m2 := regexp.MustCompile(`href="/(assets/css/site\.([0-9a-f]{10})\.css)"`).FindStringSubmatch(s2.read(""))
	if m2 == nil || m2[2] == m[2] || s2.read(m2[1]) != "body{color:#000}" {
		t.Errorf("overridden stylesheet: %v", m2)
	}
}

func TestFailedBuildKeepsOutput(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	before := s.read(rep21)
	// Break rule 1 (B1) in the 2021 report: 8 received, 7 handled.
	p := filepath.Join(s.dir, "content", filepath.FromSlash(strings.TrimSuffix(rep21, "/")+".md"))
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	write(t, p, strings.Replace(string(src), "一、本年新收政府信息公开申请数量: [7, 0, 0, 0, 0, 0, 7]", "一、本年新收政府信息公开申请数量: [8, 0, 0, 0, 0, 0, 8]", 1))
	err = s.tryBuild()
	var fe *FindingsError
	if !errors.As(err, &fe) {
		t.Fatalf("build of a broken report: %v, want findings", err)
	}
	found := false
	for _, f := range fe.Findings {
		if f.Blocking() && f.Rule == "B1" && f.File == "content/reports/2021/ce-shi-shi-ce-shi-ju.md" && f.Line > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("findings lack the B1 error: %v", fe.Findings)
	}
	if s.read(rep21) != before {
		t.Error("a failed build changed the previous output")
	}
	assertNoStaging(t, s)
}

func TestTemplates(t *testing.T) {
	s := newSite(t, "small.txtar", func(dir string) {
		write(t, filepath.Join(dir, "templates/404.html"), `{{ define "main" }}<h1>自定义的 404 页面</h1>{{ end }}`)
	}).build()
	s.contains("404.html", "自定义的 404 页面")
	s.contains(rep21, "收到和处理政府信息公开申请情况") // the other pages keep the defaults

	before := s.read("404.html")
	write(t, filepath.Join(s.dir, "templates/404.html"), "{{ define \"main\" }}\n<h1>{{ .Title }</h1>{{ end }}")
	err := s.tryBuild()
	if err == nil || !strings.Contains(err.Error(), "404.html:2") {
		t.Errorf("template syntax error: %v, want it named with file and line", err)
	}
	write(t, filepath.Join(s.dir, "templates/404.html"), "{{ define \"main\" }}\n<h1>{{ .Data.NoSuchField }}</h1>{{ end }}")
	err = s.tryBuild()
	if err == nil || !strings.Contains(err.Error(), "404.html:2") || !strings.Contains(err.Error(), "NoSuchField") {
		t.Errorf("template calling a missing field: %v, want it named with file, line and field", err)
	}
	if s.read("404.html") != before {
		t.Error("a failed build changed the previous output")
	}
	assertNoStaging(t, s)
}

func TestHostileContent(t *testing.T) {
	s := newSite(t, "small.txtar", func(dir string) {
		p := filepath.Join(dir, "content/reports/2021/ce-shi-shi-ling-yi-ju.md")
		src, _ := os.ReadFile(p)
		body := "\n本年度<script>alert(1)</script>工作。\n\n[点此](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n<svg onload=alert(4)><script>alert(5)</script></svg>\n"
		write(t, p, strings.Replace(string(src), "## 一、总体情况\n", "## 一、总体情况\n"+body, 1))
		a := filepath.Join(dir, "content/agencies/ce-shi-shi-ling-yi-ju.yaml")
		rec, _ := os.ReadFile(a)
		write(t, a, strings.Replace(string(rec), "name: 测试市另一局", `name: "=HYPERLINK(\"x\")<script>alert(6)</script>局"`, 1))
	}).build()
	for _, f := range s.files() {
		switch {
		case strings.HasSuffix(f, ".html"):
			checkInert(t, f, s.read(f))
		case strings.HasSuffix(f, ".json") || strings.HasSuffix(f, ".xml"):
			// Data files carry the text as data, escaped for their format.
			if strings.Contains(s.read(f), "<script>") && strings.HasSuffix(f, ".xml") {
				t.Errorf("%s: unescaped markup", f)
			}
		}
	}
	s.contains(other21, "本年度&lt;script>alert(1)&lt;/script>工作。", "<p>点此</p>") // shown as text
	for _, f := range []string{"data/figures.csv", "years/2021/figures.csv"} {
		s.contains(f, `'=HYPERLINK`)
	}
}

// checkInert asserts that a page runs nothing but the site's own scripts:
// no inline script, no event-handler attributes, no javascript: URLs, no
// embedded SVG from content.
func checkInert(t *testing.T, name, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		src := ""
		for _, a := range tok.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: <%s %s=%q>", name, tok.Data, a.Key, a.Val)
			}
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				t.Errorf("%s: javascript: URL in <%s %s>", name, tok.Data, a.Key)
			}
			if a.Key == "src" {
				src = a.Val
			}
		}
		if tok.Data == "script" && !strings.Contains(src, "/assets/js/") {
			t.Errorf("%s: script not from the site's assets: %v", name, tok)
		}
		if tok.Data == "img" || tok.Data == "iframe" || tok.Data == "object" || tok.Data == "embed" {
			t.Errorf("%s: <%s> from content", name, tok.Data)
		}
	}
}

func assertNoStaging(t *testing.T, s *site) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(s.out))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix) || strings.HasPrefix(e.Name(), retiredPrefix) {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBundledContent builds the portal's own content: every report renders,
// and findings point at the cells they concern.
func TestBundledContent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s := &site{t: t, out: out, opt: Options{
		Content: os.DirFS("../../content"), ContentDir: "content",
		Templates: templates.FS, Assets: assets.FS, Out: out, BaseURL: "https://example.org/",
	}}
	s.build()
	if s.res.Reports != 8 || s.res.Agencies != 7 {
		t.Errorf("built %d reports of %d agencies, want 8 of 7", s.res.Reports, s.res.Agencies)
	}
	checkPages(t, s, "/")
	// Corpus 02 prints 行政复议 总计 0 for 10+1: a recorded defect, linked to its cell.
	hz := "reports/2023/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/"
	page := s.read(hz)
	m := regexp.MustCompile(`<li id="finding-(\d+)" class="finding recorded"><p><strong class="kind">原文错误（已记录）</strong> 行政复议或行政诉讼的总计不等于[^<]*（<a href="#(cell-\d+-\d+)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no recorded C1 finding linked to a cell", hz)
	}
	if !strings.Contains(page, `id="`+m[2]+`"`) || !strings.Contains(page, `href="#finding-`+m[1]+`"`) {
		t.Errorf("%s: finding %s and cell %s do not link both ways", hz, m[1], m[2])
	}
	// Seed 004 writes 299.8 with no unit (U1): the cell is flagged.
	s.contains("reports/2020/huai-bei-shi-ren-min-zheng-fu-ban-gong-shi/", `class="num flagged"`, "金额未写单位")
	// The traditional seed is marked as such.
	s.contains("reports/2020/guang-zhou-shi-zeng-cheng-qu-ren-min-zheng-fu/", `lang="zh-Hant"`)
	// The years without reports (2021, 2022) are gaps in the trend, not skipped.
	s.contains("", `<tr><th scope="row">2021</th><td class="num blank">未填报`)
	// Seed 003 has no table 四 and no sections 五 and 六.
	s.contains("reports/2020/pu-kou-jie-dao/", "本报告没有这一部分。")
}

// BenchmarkBuildBundled is a full build of the bundled content (8 reports),
// search index and minification included, into a fresh directory each time.
func BenchmarkBuildBundled(b *testing.B) {
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(dir, "public"+strconv.Itoa(i))
		_, err := Build(context.Background(), Options{Content: os.DirFS("../../content"), ContentDir: "content",
			Templates: templates.FS, Assets: assets.FS, Out: out, BaseURL: "https://example.org/"})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild measures builds after a first one of the bundled
// content: with nothing changed, and with one report's narrative edited
// (its pages, the pages that aggregate it, and the search index), through
// one Builder as `sitegen serve` does, and without the deferred search.
func BenchmarkRebuild(b *testing.B) {
	for _, tc := range []struct {
		name string
		edit bool
	}{{"nothing-changed", false}, {"one-report", true}} {
		b.Run(tc.name, func(b *testing.B) {
			dir := b.TempDir()
			content := filepath.Join(dir, "content")
			if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
				b.Fatal(err)
			}
			file := filepath.Join(content, "reports", "2024", "huai-an-shi-ren-min-zheng-fu.md")
			src, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			bl := NewBuilder(Options{Content: os.DirFS(content), ContentDir: "content", Templates: templates.FS,
				Assets: assets.FS, Out: filepath.Join(dir, "public"), BaseURL: "https://example.org/"})
			if _, err := bl.Build(context.Background()); err != nil {
				b.Fatal(err)
			}
			for i := 0; b.Loop(); i++ {
				if tc.edit {
					b.StopTimer()
					edited := strings.Replace(string(src), "## 一、总体情况\n", "## 一、总体情况\n\n第"+strconv.Itoa(i)+"次修改。\n", 1)
					if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				res, err := bl.Build(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if !res.Incremental || (len(res.Changed) > 0) != tc.edit {
					b.Fatalf("incremental %v, changed %v", res.Incremental, res.Changed)
				}
			}
		})
	}
}
