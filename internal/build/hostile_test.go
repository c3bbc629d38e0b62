package build

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Hostile text put into every field a content file has: the agency record
// (name, aliases, description, region, parent, website), the report's front
// matter (title, source, notes, a province's extra row of table 二, the
// reason of a recorded defect) and its narrative.
const (
	hostileName   = `=HYPERLINK("http://evil.example/","点此")<script>alert(1)</script><img src=x onerror=alert(2)>局`
	hostileTitle  = `<script>alert(8)</script>=1+1<svg onload=alert(9)>报告`
	hostileExtra  = `+cmd|' /C calc'!A0<script>alert(16)</script>`
	hostileReason = `<img src=x onerror=alert(17)>原文如此`
)

// hostileBody is narrative Markdown trying every way to run script or
// load something: raw HTML, link and image destinations, autolinks, a
// heading, and paragraphs that a spreadsheet would read as formulas.
const hostileBody = `
本年度<script>alert(20)</script>工作。

[点此](javascript:alert(21)) [大写](JAVASCRIPT:alert(22)) [实体](java&#x09;script:alert(23)) [数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgyNCk8L3NjcmlwdD4=) <javascript:alert(25)> [空格](%20javascript:alert(26)) [伪协议](vbscript:msgbox(27))

<img src=x onerror=alert(28)>

<svg onload=alert(29)><script>alert(30)</script><a xlink:href="javascript:alert(31)"><text>点</text></a></svg>

![图](javascript:alert(32)) ![图2](x.png" onerror="alert(33))

<a href="javascript:alert(34)" onclick="alert(35)">链接</a> <iframe src="javascript:alert(36)"></iframe><style>body{display:none}</style><object data="x.swf"></object><embed src="x.swf"><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(37)"><form action="javascript:alert(38)"><button formaction="javascript:alert(39)">提交</button></form>

### <script>alert(40)</script>小标题 <b onmouseover=alert(41)>粗</b>

=HYPERLINK("http://evil.example/") 开头的段落。

@SUM(1+1) 与 -1+2 与 +3 开头的段落。
`

// TestHostileEverywhere builds a site whose content carries script,
// javascript: links, event handlers, SVG with script, HTML in the agency
// name and spreadsheet formulas, then reads every output file by its type:
// HTML and the SVG charts in it run nothing but the site's own scripts;
// XML (the feed and the sitemap) is well-formed and carries the names as
// escaped text; JSON (open data, search shards) is valid; every CSV cell
// that a spreadsheet would take for a formula is neutralised; the
// scripts never turn data into markup.
func TestHostileEverywhere(t *testing.T) {
	s := newSite(t, "small.txtar", func(dir string) {
		a := filepath.Join(dir, "content/agencies/ce-shi-shi-ling-yi-ju.yaml")
		rec, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		write(t, a, strings.NewReplacer(
			"name: 测试市另一局", "name: "+yamlQuote(hostileName),
			"aliases: []", `aliases: ["@SUM(1+1)<svg onload=alert(3)>", "-2+3<script>alert(4)</script>"]`+
				"\ndescription: "+yamlQuote(`<iframe src="javascript:alert(5)"></iframe>`),
			"district: 测试区", "district: "+yamlQuote(`测试区<b onmouseover=alert(6)>区</b>`),
			"parent: null", "parent: "+yamlQuote(`<a href="javascript:alert(7)">上级</a>`),
			"website: null", "website: "+yamlQuote(`https://example.org/"><script>alert(10)</script>`),
		).Replace(string(rec)))

		p := filepath.Join(dir, "content/reports/2021/ce-shi-shi-ling-yi-ju.md")
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		write(t, p, strings.NewReplacer(
			"title: null", "title: "+yamlQuote(hostileTitle),
			"  url: null", "  url: "+yamlQuote("javascript:alert(11)"),
			"  note: null", "  note: "+yamlQuote(`<img src=x onerror=alert(12)>`),
			"known_defects: []", "known_defects:\n  - rule: C1\n    at: table4.行政复议\n    reason: "+yamlQuote(hostileReason)+
				"\nnotes: "+yamlQuote(`@SUM(A1)<svg><script>alert(13)</script></svg>`),
			"  行政事业性收费: {本年收费金额: 0}", "  行政事业性收费: {本年收费金额: 0}\n  extra: {"+yamlQuote(hostileExtra)+": 3}",
			"  行政复议: [0, 0, 0, 0, 0]", "  行政复议: [1, 0, 0, 0, 0]", // a C1 error, recorded above
			"## 一、总体情况\n", "## 一、总体情况\n"+hostileBody,
			"## 五、存在的主要问题及改进情况\n", "## 五、存在的主要问题及改进情况\n\n<script>alert(50)</script>\n",
		).Replace(string(src)))
	}).build()

	files := s.files()
	seen := map[string]int{}
	for _, f := range files {
		data := []byte(s.read(f))
		switch ext := filepath.Ext(f); {
		case strings.HasPrefix(f, "search/index.bleve/"), ext == ".bin":
			// The server-side index and the binary term shards hold
			// terms, not markup; the shards' text is in search/*/*.json.
			continue
		case ext == ".html":
			checkActiveMarkup(t, f, data)
		case ext == ".xml":
			checkXML(t, f, data)
		case ext == ".json":
			if !json.Valid(data) {
				t.Errorf("%s: invalid JSON", f)
			}
		case ext == ".csv":
			checkCSV(t, f, data)
		case ext == ".js":
			checkScript(t, f, data)
		case ext == ".css", ext == ".txt":
		default:
			t.Errorf("%s: an output type this test does not check", f)
			continue
		}
		seen[filepath.Ext(f)]++
	}
	for _, ext := range []string{".html", ".xml", ".json", ".csv", ".js"} {
		if seen[ext] == 0 {
			t.Errorf("no %s output checked", ext)
		}
	}

	// The hostile text is shown as text, not dropped silently where it is
	// the data: the report title, the agency name on its page, in the feed
	// and in the open data.
	const other = "reports/2021/ce-shi-shi-ling-yi-ju/"
	if got := headingText(s.read(other)); got != hostileTitle {
		t.Errorf("%s: <h1> shows %q, want the title as text", other, got)
	}
	if got := headingText(s.read("agencies/ce-shi-shi-ling-yi-ju/")); got != hostileName {
		t.Errorf("agency page: <h1> shows %q, want the name as text", got)
	}
	feed := s.read("feed.xml")
	if !strings.Contains(feed, `&lt;script&gt;alert(1)&lt;/script&gt;`) {
		t.Error("feed.xml: the agency name is not there escaped")
	}
	var atom struct {
		Entries []struct {
			Title struct {
				Type string `xml:"type,attr"`
				Text string `xml:",chardata"`
			} `xml:"title"`
			Author struct {
				Name string `xml:"name"`
			} `xml:"author"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(feed), &atom); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	found := false
	for _, e := range atom.Entries {
		if e.Title.Type != "text" {
			t.Errorf("feed.xml: entry title of type %q, want text", e.Title.Type)
		}
		if e.Author.Name == hostileName {
			found = true
		}
	}
	if !found {
		t.Errorf("feed.xml: no entry whose author is the agency name as text: %+v", atom.Entries)
	}
	var agencies any
	if err := json.Unmarshal([]byte(s.read("data/agencies.json")), &agencies); err != nil {
		t.Fatal(err)
	}
	if !holds(agencies, hostileName) {
		t.Error("data/agencies.json: the agency name is not kept as data")
	}
	for _, f := range []string{"data/figures.csv", "years/2021/figures.csv", "agencies/ce-shi-shi-ling-yi-ju/figures.csv",
		"data/table2.csv", "reports/2021/ce-shi-shi-ling-yi-ju/report.csv"} {
		if !strings.Contains(s.read(f), `'=HYPERLINK`) && !strings.Contains(s.read(f), `'+cmd`) {
			t.Errorf("%s: neither the agency name nor the extra row is there, neutralised", f)
		}
	}
}

func yamlQuote(s string) string { return string(mustJSON(s)) } // a JSON string is a YAML double-quoted scalar

func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// urlAttrs hold URLs that a browser follows or loads.
var urlAttrs = map[string]bool{"href": true, "src": true, "xlink:href": true, "action": true, "formaction": true,
	"data": true, "poster": true, "background": true, "srcset": true, "ping": true, "content": false}

// contentElements never come from the theme; from content they would load
// or run something, or restyle the page.
var contentElements = map[string]bool{"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"base": true, "img": true, "style": true, "foreignobject": true, "applet": true, "audio": true, "video": true}

// checkActiveMarkup asserts that a page, inline SVG included, runs nothing
// but the site's own scripts: no script without a src under /assets/js/,
// no event-handler attribute, no javascript:, vbscript: or data: URL, no
// refresh, no element that loads or restyles, and no text escaped twice.
func checkActiveMarkup(t *testing.T, name string, page []byte) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(page))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				t.Errorf("%s: %v", name, z.Err())
			}
			return
		case html.TextToken:
			text := string(z.Text())
			if inScript && strings.TrimSpace(text) != "" {
				t.Errorf("%s: inline script %q", name, text)
			}
			if strings.Contains(text, "&lt;") || strings.Contains(text, "&amp;") {
				t.Errorf("%s: text escaped twice: %q", name, text)
			}
			continue
		case html.EndTagToken:
			if tn, _ := z.TagName(); string(tn) == "script" {
				inScript = false
			}
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		tok := z.Token()
		tag := strings.ToLower(tok.Data)
		src := ""
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if a.Namespace != "" {
				key = a.Namespace + ":" + key
			}
			if strings.HasPrefix(key, "on") {
				t.Errorf("%s: <%s %s=%q>", name, tag, key, a.Val)
			}
			if urlAttrs[key] && dangerousURL(a.Val) && !(tag == "link" && a.Val == "data:,") { // the theme's empty favicon
				t.Errorf("%s: <%s %s=%q>", name, tag, key, a.Val)
			}
			if tag == "meta" && key == "http-equiv" && strings.EqualFold(a.Val, "refresh") {
				t.Errorf("%s: <meta http-equiv=refresh>", name)
			}
			if strings.Contains(a.Val, "&lt;") || strings.Contains(a.Val, "&amp;") {
				t.Errorf("%s: <%s %s> escaped twice: %q", name, tag, key, a.Val)
			}
			if key == "src" {
				src = a.Val
			}
		}
		switch {
		case tag == "script":
			if !strings.Contains(src, "/assets/js/") {
				t.Errorf("%s: a script not from the site's assets: %s", name, tok)
			}
			inScript = tt == html.StartTagToken
		case contentElements[tag]:
			t.Errorf("%s: <%s> from content: %s", name, tag, tok)
		}
	}
}

// dangerousURL reports whether a URL would run script or load a document
// from its own text, as a browser reads it: ASCII whitespace and control
// characters are ignored, and the scheme is case-insensitive.
func dangerousURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, u)
	u = strings.ToLower(u)
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(u, scheme) {
			return true
		}
	}
	return false
}

// checkXML asserts that a feed or sitemap is well-formed XML with no
// markup from content: the names are text.
func checkXML(t *testing.T, name string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s: not well-formed XML: %v", name, err)
			return
		}
		if se, ok := tok.(xml.StartElement); ok {
			if l := strings.ToLower(se.Name.Local); contentElements[l] || l == "script" || l == "svg" || l == "a" {
				t.Errorf("%s: element <%s>", name, se.Name.Local)
			}
			for _, a := range se.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || (urlAttrs[a.Name.Local] && dangerousURL(a.Value)) {
					t.Errorf("%s: <%s %s=%q>", name, se.Name.Local, a.Name.Local, a.Value)
				}
			}
		}
	}
	// Text of type html would be markup to a feed reader.
	if bytes.Contains(data, []byte(`type="html"`)) || bytes.Contains(data, []byte(`type="xhtml"`)) {
		t.Errorf("%s: text of type html", name)
	}
}

// formulaStart is what a spreadsheet reads as the start of a formula.
const formulaStart = "=+-@\t\r"

// checkCSV asserts that every field a spreadsheet would read as a formula
// is a number or neutralised with a leading quote.
func checkCSV(t *testing.T, name string, data []byte) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	for i, rec := range recs {
		for j, f := range rec {
			if f == "" || !strings.ContainsRune(formulaStart, rune(f[0])) {
				continue
			}
			if _, err := strconv.ParseFloat(f, 64); err != nil {
				t.Errorf("%s:%d field %d: formula %q not neutralised", name, i+1, j+1, f)
			}
		}
	}
}

// sinks turn a string into markup or code in a browser.
var sinks = regexp.MustCompile(`\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(|\.setAttribute\(\s*["']on`)

// checkScript asserts that the site's scripts (the search client, the
// compare tool, table sorting) put data into the page as text only.
func checkScript(t *testing.T, name string, data []byte) {
	t.Helper()
	if m := sinks.Find(data); m != nil {
		t.Errorf("%s: %s turns data into markup or code", name, m)
	}
}

// holds reports whether decoded JSON holds the string s.
func holds(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return v == s
	case []any:
		for _, x := range v {
			if holds(x, s) {
				return true
			}
		}
	case map[string]any:
		for _, x := range v {
			if holds(x, s) {
				return true
			}
		}
	}
	return false
}

// headingText is the text of a page's first <h1> as a browser shows it.
func headingText(page string) string {
	var b strings.Builder
	in := false
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			if tn, _ := z.TagName(); string(tn) == "h1" {
				in = true
			}
		case html.EndTagToken:
			if tn, _ := z.TagName(); string(tn) == "h1" && in {
				return b.String()
			}
		case html.TextToken:
			if in {
				b.Write(z.Text())
			}
		}
	}
}
