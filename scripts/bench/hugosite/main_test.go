package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConvertBundled converts the bundled content and checks one report
// page: its front matter, a narrative paragraph under its heading, and a
// row of each of tables 二, 三 and 四 with the figures sitegen shows.
func TestConvertBundled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	n, err := convert("../../../content", out)
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "content/reports/*/*.md"))
	if n != 8 || len(pages) != 8 {
		t.Errorf("convert returned %d, wrote %d report pages; want 8", n, len(pages))
	}
	for _, f := range []string{"hugo.toml", "layouts/_default/single.html", "layouts/_default/term.html", "assets/css/site.css", "content/agencies/huai-an-shi-ren-min-zheng-fu/_index.md"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}

	b, err := os.ReadFile(filepath.Join(out, "content/reports/2024/huai-an-shi-ren-min-zheng-fu.md"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	var fm struct {
		Title    string
		Year     int
		Agency   string
		Agencies []string
		Years    []string
		Regions  []string
		Figures  []string
	}
	if err := json.NewDecoder(strings.NewReader(page)).Decode(&fm); err != nil {
		t.Fatalf("front matter: %v", err)
	}
	if fm.Year != 2024 || fm.Agency != "淮安市人民政府" || len(fm.Agencies) != 1 || fm.Agencies[0] != "huai-an-shi-ren-min-zheng-fu" ||
		len(fm.Years) != 1 || fm.Years[0] != "2024" || len(fm.Regions) == 0 || len(fm.Figures) != len(compareFigures) || fm.Figures[0] != "3,119" {
		t.Errorf("front matter = %+v", fm)
	}

	row := func(head string, cells ...string) string {
		return head + "</th><td class=\"num\">" + strings.Join(cells, "</td><td class=\"num\">") + "</td></tr>"
	}
	for _, want := range []string{
		"## 一、总体情况\n\n2024年，我市坚持以习近平新时代中国特色社会主义思想为指导",
		"（一）主动公开情况。2024年，市政府网站主动公开各类政府信息5500余条",
		"## 二、主动公开政府信息情况",
		row("规章", "1", "0", "11"),
		"## 三、收到和处理政府信息公开申请情况",
		row("一、本年新收政府信息公开申请数量", "3,001", "53", "0", "0", "61", "4", "3,119"),
		`<th scope="rowgroup" rowspan="8">（三）不予公开</th>`,
		"## 四、政府信息公开行政复议、行政诉讼情况",
		row("件数", "72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"),
		"## 五、存在的主要问题及改进情况",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Each table is one HTML block for Markdown: no blank line inside.
	for _, tbl := range strings.Split(page, "<table")[1:] {
		tbl, _, _ = strings.Cut(tbl, "</table>")
		if strings.Contains(tbl, "\n\n") {
			t.Errorf("a table holds a blank line: %.80q", tbl)
		}
	}
}
