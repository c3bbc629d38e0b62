// Command hugosite converts a sitegen content directory into the equivalent
// Hugo site, the other side of the benchmark of issue #7
// (scripts/bench/scale.sh builds both and times them):
//
//	go run ./scripts/bench/hugosite -content C -out HUGODIR
//	hugo --minify --source HUGODIR --destination PUBLIC
//
// The site it writes:
//
//	hugo.toml                          baseURL /, languageCode zh-cn, CJK on; taxonomies
//	                                   agency → agencies, year → years, region → regions;
//	                                   raw HTML allowed in Markdown (the form tables);
//	                                   no RSS and no sitemap, as sitegen writes none
//	                                   with a relative base URL
//	content/reports/YEAR/KEY.md        one page per report, at the URL sitegen gives it:
//	                                   JSON front matter (title, date, agency, year,
//	                                   region, formLayout, figures, and the terms
//	                                   agencies, years, regions); the body is the
//	                                   narrative Markdown under the six headings, with
//	                                   tables 二, 三 and 四 as HTML tables laid out like
//	                                   sitegen's (same labels, same figures, same spans)
//	content/agencies/KEY/_index.md     the agency's term page: its name and record
//	content/SECTION/_index.md          the Chinese titles of the list pages
//	layouts/…                          baseof, index, single, list, taxonomy, term, 404
//	                                   and a partial for the figures table
//	assets/css/site.css                sitegen's own stylesheet, minified and
//	                                   fingerprinted through Hugo Pipes
//
// Term pages list their reports with the ten figures of sitegen's year and
// region tables; a report page links to its agency's other years through its
// term (GetTerms), so no template walks all pages for each page.
//
// Not in the Hugo site: charts, the findings of check, open data, the
// compare tool and the search index. sitegen's build does all of that
// within the time it is measured by.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"sitegen/assets"
	"sitegen/internal/render/chart"
	"sitegen/internal/report"
)

func main() {
	content := flag.String("content", "content", "sitegen content `directory` (agencies/, reports/)")
	out := flag.String("out", "", "`directory` to write the Hugo site into (must be new or empty)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: hugosite -content DIR -out DIR")
		os.Exit(2)
	}
	n, err := convert(*content, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hugosite:", err)
		os.Exit(1)
	}
	fmt.Printf("hugosite: %d reports into %s\n", n, *out)
}

// convert writes the Hugo site of the content under contentDir into out
// and returns the number of report pages.
func convert(contentDir, out string) (int, error) {
	if ents, err := os.ReadDir(out); err == nil && len(ents) > 0 {
		return 0, fmt.Errorf("%s is not empty", out)
	}
	site, _, err := report.Load(os.DirFS(contentDir), contentDir)
	if err != nil {
		return 0, err
	}
	files := map[string][]byte{"hugo.toml": []byte(config())}
	for name, text := range layouts {
		files["layouts/"+name] = []byte(text)
	}
	css, err := fs.ReadFile(assets.FS, "css/site.css")
	if err != nil {
		return 0, err
	}
	files["assets/css/site.css"] = css
	for key, a := range site.Agencies {
		fm, err := frontMatter(map[string]any{
			"title": a.DisplayName(), "region": strings.Join(a.Region.Path(), " "),
			"level": a.Level, "parent": a.Parent, "website": a.Website,
		})
		if err != nil {
			return 0, err
		}
		files["content/agencies/"+key+"/_index.md"] = fm
	}
	// The list pages' titles; Hugo would print the section names.
	for dir, title := range map[string]string{"reports": "报告", "agencies": "机关", "years": "年度", "regions": "地区"} {
		fm, err := frontMatter(map[string]any{"title": title})
		if err != nil {
			return 0, err
		}
		files["content/"+dir+"/_index.md"] = fm
	}
	n := 0
	for _, r := range site.Reports {
		a := site.Agency(r)
		if a == nil || r.Year == 0 {
			return 0, fmt.Errorf("%s: no agency record or no year", r.File)
		}
		page, err := reportPage(r, a)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", r.File, err)
		}
		files["content/reports/"+strconv.Itoa(r.Year)+"/"+strings.TrimSuffix(filepath.Base(r.File), ".md")+".md"] = page
		n++
	}
	for name, b := range files {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// compareFigures are the columns of sitegen's year and region tables.
var compareFigures = []string{"new", "granted", "partly", "refused", "unable", "not_handled", "other", "carried_out", "review", "suit"}

func config() string {
	var labels []string
	for _, id := range compareFigures {
		k, _ := report.KeyFigureByID(id)
		labels = append(labels, strconv.Quote(k.Label))
	}
	return `baseURL = "/"
languageCode = "zh-cn"
title = "政府信息公开工作年度报告"
hasCJKLanguage = true
disableKinds = ["RSS", "sitemap"]
enableRobotsTXT = true

[taxonomies]
agency = "agencies"
year = "years"
region = "regions"

[markup.goldmark.renderer]
unsafe = true

[markup.tableOfContents]
startLevel = 2
endLevel = 2

[params]
figure_labels = [` + strings.Join(labels, ", ") + `]
`
}

func frontMatter(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	return append(b, '\n'), err
}

// reportPage is a report's Markdown page: front matter, then the preamble
// and the six sections in form order, each table after its narrative, as
// sitegen's report page has them.
func reportPage(r *report.Report, a *report.Agency) ([]byte, error) {
	year := strconv.Itoa(r.Year)
	title := r.Title
	if title == "" {
		title = a.DisplayName() + year + "年政府信息公开工作年度报告"
	}
	var figures []string
	for _, id := range compareFigures {
		k, _ := report.KeyFigureByID(id)
		figures = append(figures, num(k.Of(r), false))
	}
	var regions []string
	path := a.Region.Path()
	for i := range path {
		regions = append(regions, strings.Join(path[:i+1], " "))
	}
	fm := map[string]any{
		"title": title, "agency": a.DisplayName(), "year": r.Year, "region": strings.Join(path, " "),
		"formLayout": r.Layout(), "figures": figures,
		"agencies": []string{a.Key}, "years": []string{year}, "regions": regions,
	}
	if r.Published != "" {
		fm["date"] = r.Published
	}
	b, err := frontMatter(fm)
	if err != nil {
		return nil, err
	}
	var w strings.Builder
	w.Write(b)
	if pre := r.Section(""); pre != nil && pre.Body != "" {
		w.WriteString("\n" + strings.TrimSpace(pre.Body) + "\n")
	}
	for _, def := range report.Sections {
		s := r.Section(def.Num)
		heading := def.Heading()
		if s != nil && s.Title != "" {
			heading = s.Title
		}
		w.WriteString("\n## " + heading + "\n")
		if s != nil && strings.TrimSpace(s.Body) != "" {
			w.WriteString("\n" + strings.TrimSpace(s.Body) + "\n")
		}
		var table string
		switch def.Table {
		case 2:
			table = table2(r.Table2)
		case 3:
			table = table3(r.Table3)
		case 4:
			table = table4(r.Table4)
		}
		if table != "" {
			w.WriteString("\n" + table)
		} else if s == nil {
			w.WriteString("\n本报告没有这一部分。\n")
		}
	}
	return []byte(w.String()), nil
}

// num formats a cell as sitegen's tables do: thousands separators, a sign
// for a change, the unit; "—" when blank.
func num(c report.Cell, signed bool) string {
	if !c.Set {
		return "—"
	}
	s := chart.Format(c.Value)
	if signed && c.Value > 0 {
		s = "+" + s
	}
	if c.Unit != "" {
		s += " " + c.Unit
	}
	return s
}

// htmlTable writes tables without blank lines, so that Markdown reads each
// as one HTML block.
type htmlTable struct{ strings.Builder }

func newTable(id, caption string) *htmlTable {
	t := &htmlTable{}
	fmt.Fprintf(t, "<table class=\"form-table\" id=\"%s\">\n<caption>%s</caption>\n", id, html.EscapeString(caption))
	return t
}

// th writes a header cell; spans of 0 or 1 are left out.
func (t *htmlTable) th(text, scope string, colspan, rowspan int) {
	t.WriteString("<th")
	if scope != "" {
		t.WriteString(` scope="` + scope + `"`)
	}
	t.spans(colspan, rowspan)
	t.WriteString(">" + html.EscapeString(text) + "</th>")
}

func (t *htmlTable) td(text string, colspan int) {
	t.WriteString(`<td class="num"`)
	t.spans(colspan, 0)
	t.WriteString(">" + html.EscapeString(text) + "</td>")
}

func (t *htmlTable) spans(colspan, rowspan int) {
	if colspan > 1 {
		t.WriteString(` colspan="` + strconv.Itoa(colspan) + `"`)
	}
	if rowspan > 1 {
		t.WriteString(` rowspan="` + strconv.Itoa(rowspan) + `"`)
	}
}

func (t *htmlTable) row(cells func()) {
	t.WriteString("<tr>")
	cells()
	t.WriteString("</tr>\n")
}

func (t *htmlTable) end() string {
	t.WriteString("</tbody>\n</table>\n")
	return t.String()
}

// table2 lays out 二、主动公开政府信息情况: a block per clause of Article 20,
// each with its column headers, then the rows a province adds.
func table2(t2 *report.Table2) string {
	if t2 == nil {
		return ""
	}
	const width = 4
	t := newTable("t2", "主动公开政府信息情况")
	t.WriteString("<tbody>\n")
	item := ""
	for _, def := range report.Table2Rows[t2.Layout] {
		if def.Item != item {
			item = def.Item
			t.row(func() { t.th(item, "colgroup", width, 0) })
			t.row(func() {
				t.th("信息内容", "col", 0, 0)
				for j, col := range def.Columns {
					t.th(col.DataLabel(), "col", lastSpan(j, len(def.Columns), width), 0)
				}
			})
		}
		t.row(func() {
			t.th(def.Label, "row", 0, 0)
			for j, col := range def.Columns {
				t.td(num(t2.Get(def.Label, col.Label), col.Kind == report.Change), lastSpan(j, len(def.Columns), width))
			}
		})
	}
	for i, x := range t2.Extra {
		if i == 0 {
			t.row(func() { t.th("本省增列项目", "colgroup", width, 0) })
		}
		t.row(func() { t.th(x.Label, "row", 0, 0); t.td(num(x.Cell, false), width-1) })
	}
	return t.end()
}

// lastSpan is the colspan of column j of n: the last one fills the width.
func lastSpan(j, n, width int) int {
	if j == n-1 {
		return width - n
	}
	return 0
}

// table3 lays out 三、收到和处理政府信息公开申请情况: three columns of row
// headers (三、本年度办理结果 spanning the outcome rows, each outcome group
// its items), then the seven applicant columns.
func table3(t3 *report.Table3) string {
	if t3 == nil {
		return ""
	}
	t := newTable("t3", "收到和处理政府信息公开申请情况")
	cols := report.Table3Columns
	t.WriteString("<thead>\n")
	t.row(func() { t.WriteString(`<td colspan="3" rowspan="3"></td>`); t.th("申请人情况", "colgroup", 7, 0) })
	t.row(func() {
		t.th(cols[0], "col", 0, 2)
		t.th("法人或其他组织", "colgroup", 5, 0)
		t.th(cols[6], "col", 0, 2)
	})
	t.row(func() {
		for _, c := range cols[1:6] {
			t.th(c, "col", 0, 0)
		}
	})
	t.WriteString("</thead>\n<tbody>\n")
	rows := report.Table3Rows[t3.Layout]
	outcomes, groupSize := 0, map[string]int{}
	for _, r := range rows {
		if r.Outcome {
			outcomes++
		}
		if r.Group != "" {
			groupSize[r.Group]++
		}
	}
	first, lastGroup := true, ""
	for _, def := range rows {
		t.row(func() {
			switch {
			case !def.Outcome:
				t.th(def.Label, "row", 3, 0)
			case def.Group == "":
				if first {
					t.th(report.RowResults, "rowgroup", 0, outcomes)
				}
				t.th(def.Label, "row", 2, 0)
			default:
				if first {
					t.th(report.RowResults, "rowgroup", 0, outcomes)
				}
				if def.Group != lastGroup {
					t.th(def.Group, "rowgroup", 0, groupSize[def.Group])
				}
				t.th(def.Label, "row", 0, 0)
			}
			for c := range cols {
				t.td(num(t3.Get(def.Key, c), false), 0)
			}
		})
		if def.Outcome {
			first = false
		}
		lastGroup = def.Group
	}
	return t.end()
}

// table4 lays out 四、政府信息公开行政复议、行政诉讼情况: 行政复议 and the two
// kinds of 行政诉讼, five columns each, in one row.
func table4(t4 *report.Table4) string {
	if t4 == nil {
		return ""
	}
	t := newTable("t4", "政府信息公开行政复议、行政诉讼情况")
	cols := report.Table4Columns
	t.WriteString("<thead>\n")
	t.row(func() {
		t.WriteString(`<td rowspan="3"></td>`)
		t.th(report.Table4Groups[0], "colgroup", 5, 0)
		t.th("行政诉讼", "colgroup", 10, 0)
	})
	t.row(func() {
		for _, c := range cols {
			t.th(c, "col", 0, 2)
		}
		t.th(report.Table4Groups[1], "colgroup", 5, 0)
		t.th(report.Table4Groups[2], "colgroup", 5, 0)
	})
	t.row(func() {
		for range 2 {
			for _, c := range cols {
				t.th(c, "col", 0, 0)
			}
		}
	})
	t.WriteString("</thead>\n<tbody>\n")
	t.row(func() {
		t.th("件数", "row", 0, 0)
		for g := range report.Table4Groups {
			for c := range cols {
				t.td(num(t4.Get(g, c), false), 0)
			}
		}
	})
	return t.end()
}

// layouts are the site's templates, under layouts/.
var layouts = map[string]string{
	"_default/baseof.html": `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
{{- with resources.Get "css/site.css" | minify | fingerprint }}
<link rel="stylesheet" href="{{ .RelPermalink }}" integrity="{{ .Data.Integrity }}">
{{- end }}
</head>
<body>
<header class="site-header">
<a class="site-name" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav aria-label="主导航"><ul>
<li><a href="{{ "agencies/" | relURL }}">机关</a></li>
<li><a href="{{ "years/" | relURL }}">年度</a></li>
<li><a href="{{ "regions/" | relURL }}">地区</a></li>
</ul></nav>
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>各机关政府信息公开工作年度报告</p></footer>
</body>
</html>
`,
	"index.html": `{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>共 {{ len (where site.RegularPages "Section" "reports") }} 份报告，{{ len site.Taxonomies.agencies }} 个机关。</p>
<h2>年度</h2>
<ul>{{ range site.Taxonomies.years.Alphabetical.Reverse }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}年</a> {{ .Count }} 份</li>{{ end }}</ul>
{{ end }}
`,
	"_default/single.html": `{{ define "main" }}
{{- $self := . }}
<article class="report">
<header class="page-head">
<p class="kicker">{{ range .GetTerms "agencies" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} · {{ .Params.year }}年度</p>
<h1>{{ .Title }}</h1>
<dl class="meta">
<div><dt>发布机关</dt><dd>{{ range .GetTerms "agencies" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</dd></div>
<div><dt>报告年度</dt><dd>{{ range .GetTerms "years" }}<a href="{{ .RelPermalink }}">{{ .Title }}年</a>{{ end }}</dd></div>
{{- with .GetTerms "regions" }}<div><dt>地区</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</dd></div>{{ end }}
{{- with .Params.date }}<div><dt>发布日期</dt><dd>{{ $self.Date.Format "2006-01-02" }}</dd></div>{{ end }}
<div><dt>表格格式</dt><dd>{{ .Params.formLayout }}</dd></div>
</dl>
</header>
<div class="report-nav">{{ .TableOfContents }}</div>
{{ .Content }}
{{- range .GetTerms "agencies" }}
<section class="downloads"><h2>本机关各年度的报告</h2>
<ul class="inline">{{ range .Pages.ByParam "year" }}<li>{{ if eq . $self }}{{ .Params.year }}年{{ else }}<a href="{{ .RelPermalink }}">{{ .Params.year }}年</a>{{ end }}</li>{{ end }}</ul>
</section>
{{- end }}
</article>
{{ end }}
`,
	"_default/list.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
`,
	"_default/taxonomy.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="cards">{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="note">{{ .Count }} 份报告</span></li>{{ end }}</ul>
{{ end }}
`,
	"_default/term.html": `{{ define "main" }}
<header class="page-head">
{{- $name := .Title }}{{ if eq .Data.Plural "years" }}{{ $name = printf "%s年度" .Title }}{{ end }}
<h1>{{ $name }}</h1>
{{- if eq .Data.Plural "agencies" }}
<dl class="meta">
{{- with .Params.region }}<div><dt>地区</dt><dd>{{ . }}</dd></div>{{ end }}
{{- with .Params.level }}<div><dt>层级</dt><dd>{{ . }}</dd></div>{{ end }}
{{- with .Params.parent }}<div><dt>上级机关</dt><dd>{{ . }}</dd></div>{{ end }}
{{- with .Params.website }}<div><dt>网站</dt><dd>{{ . }}</dd></div>{{ end }}
</dl>
{{- end }}
<p>共 {{ len .Pages }} 份报告。</p>
</header>
{{- if eq .Data.Plural "agencies" }}
{{ partial "figures.html" (dict "caption" "各年度主要数字" "pages" (.Pages.ByParam "year")) }}
{{- else }}
{{ partial "figures.html" (dict "caption" (printf "%s各报告主要数字" $name) "pages" .Pages.ByTitle) }}
{{- end }}
{{ end }}
`,
	"partials/figures.html": `<div class="table-scroll">
<table class="figures">
<caption>{{ .caption }}</caption>
<thead><tr><th scope="col">报告</th>{{ range site.Params.figure_labels }}<th scope="col">{{ . }}</th>{{ end }}</tr></thead>
<tbody>
{{- range .pages }}
<tr><th scope="row"><a href="{{ .RelPermalink }}">{{ .Params.agency }} {{ .Params.year }}年</a></th>{{ range .Params.figures }}<td class="num">{{ . }}</td>{{ end }}</tr>
{{- end }}
</tbody>
</table>
</div>
`,
	"404.html": `{{ define "main" }}
<h1>找不到这个页面</h1>
<p><a href="{{ "/" | relURL }}">回到首页</a></p>
{{ end }}
`,
}
