package build

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitegen/assets"
	"sitegen/internal/report"
	"sitegen/search"
	"sitegen/search/searchtest"
	"sitegen/templates"
)

func TestSearchDocs(t *testing.T) {
	site, findings, err := report.Load(os.DirFS("../../content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	docs := searchDocs(newModel(site, findings))
	byURL := map[string]search.Doc{}
	for _, d := range docs {
		if _, dup := byURL[d.URL]; dup {
			t.Errorf("two documents for %s", d.URL)
		}
		byURL[d.URL] = d
		if strings.ContainsAny(d.Text, "*#`") || strings.Contains(d.Text, "](") {
			t.Errorf("%s: Markdown left in the text: %.80q", d.URL, d.Text)
		}
	}
	hz := "reports/2024/huai-an-shi-hong-ze-qu-ren-min-zheng-fu/"
	s1 := byURL[hz+"#s1"]
	if s1.Section != "一、总体情况" || s1.Year != 2024 || s1.Text == "" || len(s1.Region) == 0 || s1.Level == "" {
		t.Errorf("%s#s1: %+v", hz, s1)
	}
	if !strings.Contains(s1.Agency, "洪泽区") {
		t.Errorf("%s#s1: agency %q", hz, s1.Agency)
	}
	for _, sec := range []string{"#s2", "#s3", "#s4"} {
		if len(byURL[hz+sec].Labels) == 0 {
			t.Errorf("%s%s: no table labels", hz, sec)
		}
	}
	if l := byURL[hz+"#s4"].Labels; !strings.Contains(strings.Join(l, " "), "行政复议") {
		t.Errorf("%s#s4: labels %q", hz, l)
	}
	// 增城区 2020 has no table 四 and no section 六; 浦口街道 no section 六.
	// Their pages print the headings (and that the report lacks them):
	// the headings are found, with no text.
	for _, u := range []string{"reports/2020/guang-zhou-shi-zeng-cheng-qu-ren-min-zheng-fu/#s4",
		"reports/2020/guang-zhou-shi-zeng-cheng-qu-ren-min-zheng-fu/#s6", "reports/2020/pu-kou-jie-dao/#s6"} {
		d, ok := byURL[u]
		if !ok || d.Section == "" || d.Text != "" || len(d.Labels) != 0 {
			t.Errorf("%s: a missing section's document is %+v (found %t); want its heading alone", u, d, ok)
		}
	}
	if d := byURL["reports/2020/guang-zhou-shi-zeng-cheng-qu-ren-min-zheng-fu/#s4"]; !strings.Contains(d.Section, "行政复议") {
		t.Errorf("the missing table 四's heading is %q", d.Section)
	}
}

// TestSearchBundled builds the bundled content and wants the search page,
// the index, and the client ranking the fixed queries as Bleve does.
func TestSearchBundled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s := &site{t: t, out: out, opt: Options{
		Content: os.DirFS("../../content"), ContentDir: "content",
		Templates: templates.FS, Assets: assets.FS, Out: out, BaseURL: "/portal/",
	}}
	s.build()
	s.contains("search/", `<form id="search-form"`, `data-index="/portal/search/"`, `<label for="search-q">`,
		`role="status" aria-live="polite"`, `<noscript>`, `src="/portal/assets/js/search.`)
	for _, f := range []string{"search/manifest.json", "search/facets.json", "search/index.bleve/index_meta.json", "search/t/0.bin", "search/f/0.json"} {
		if !s.exists(f) {
			t.Errorf("%s not written", f)
		}
	}
	dir := filepath.Join(out, "search")
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// The client as the site serves it: minified.
	var script string
	for _, f := range s.files() {
		if strings.HasPrefix(f, "assets/js/search.") {
			script = filepath.Join(out, f)
		}
	}
	c, err := searchtest.New(dir, script)
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"规范性文件", "規範性檔案", "复议", "複議", "范性", "政府信息公开", "依申请公开", "洪泽区",
		"２０２４", "2020年", "行政诉讼 结果维持", "政務公開", "的", "增城", "淮安市人民政府", "没有这个词语"}
	for _, q := range queries {
		want, err := ix.Search(context.Background(), q, 10)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Search(q, 10)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Errorf("%q: the client has %d hits, Bleve %d", q, len(got.Hits), len(want.Hits))
			continue
		}
		for i, h := range want.Hits {
			n := h.Doc
			g := got.Hits[i]
			if g.Doc != n || math.Float64bits(g.Score) != math.Float64bits(h.Score) {
				t.Errorf("%q: hit %d is document %d, Bleve's %d", q, i, g.Doc, n)
				break
			}
			if g.Path != h.URL {
				t.Errorf("%q: hit %d links to %s, Bleve's to %s", q, i, g.Path, h.URL)
			}
		}
	}
	// 规范性文件 and 規範性檔案 find the same sections, marked in the excerpts.
	a, _ := c.Search("规范性文件", 10)
	b, _ := c.Search("規範性檔案", 10)
	if len(a.Hits) == 0 || a.Total != b.Total {
		t.Errorf("规范性文件: %d results, 規範性檔案: %d", a.Total, b.Total)
	}
	marked := false
	for _, h := range b.Hits {
		for _, p := range h.Excerpt {
			marked = marked || p[1] == true
		}
	}
	if !marked {
		t.Error("規範性檔案: no excerpt marks the query")
	}
}
