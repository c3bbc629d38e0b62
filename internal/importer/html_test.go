package importer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// converters are the fixtures of testdata/html and testdata/docx: real
// reports (seeds/, corpus/) as published, every number from the answer key.
var converters = []struct {
	name, file, key, agency string
	conv                    func([]byte) (converted, error)
}{
	{"html/seed004", "testdata/html/seed004.html", "seed_004.json", "淮北市人民政府办公室（外事办公室）", htmlToText},
	{"html/corpus01", "testdata/html/corpus01.html", "01_huaian-city-2024_pdf-layout.json", "淮安市人民政府", htmlToText},
	{"docx/seed002", "testdata/docx/seed002.docx", "seed_002.json", "浦口街道", docxToText},
}

// TestConvertedAnswerKeys converts each fixture and imports the text: every
// number exact against the answer key, no cell left for a person, the
// title read (so no chrome stands before it); it prints the score.
func TestConvertedAnswerKeys(t *testing.T) {
	for _, fx := range converters {
		t.Run(fx.name, func(t *testing.T) {
			src, err := os.ReadFile(fx.file)
			if err != nil {
				t.Fatal(err)
			}
			c, err := fx.conv(src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Text(fx.file, c.Text(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			exact, total := compareWithKey(t, res, fx.key)
			t.Logf("%-14s %4d of %4d values exact (%.1f%%)", fx.name, exact, total, 100*float64(exact)/float64(max(total, 1)))
			if exact != total || total < 150 {
				t.Errorf("%d of %d values exact", exact, total)
			}
			for _, p := range res.Problems {
				if p.Severity == "error" {
					t.Errorf("import problem: %v (input %s)", p, c.Places[max(p.Line, 1)-1])
				}
			}
			if res.AgencyName != fx.agency {
				t.Errorf("agency %q, want %q", res.AgencyName, fx.agency)
			}
		})
	}
}

// TestConvertedGolden compares each fixture's conversion, place and line,
// with testdata/{html,docx}/NAME.txt (refreshed with -update).
func TestConvertedGolden(t *testing.T) {
	for _, fx := range converters {
		t.Run(fx.name, func(t *testing.T) {
			src, err := os.ReadFile(fx.file)
			if err != nil {
				t.Fatal(err)
			}
			c, err := fx.conv(src)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Lines) != len(c.Places) {
				t.Fatalf("%d lines, %d places", len(c.Lines), len(c.Places))
			}
			var b bytes.Buffer
			for i, l := range c.Lines {
				b.WriteString(strings.TrimRight(fmt.Sprintf("%-24s %s", c.Places[i]+":", l), " ") + "\n")
			}
			checkGolden(t, strings.TrimSuffix(fx.file, filepath.Ext(fx.file))+".txt", b.Bytes())
		})
	}
}

// lines converts a page and returns its lines joined by " / ".
func lines(t *testing.T, page string) string {
	t.Helper()
	c, err := htmlToText([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(c.Lines, " / ")
}

// layout renders the grid of a page's first table: a row per line, each
// slot its cell's text, "*" after a copy of a spanning cell, "." where no
// cell stands.
func layout(t *testing.T, page string) (string, error) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var table *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil && table == nil; c = c.NextSibling {
			if c.Data == "table" {
				table = c
			}
			find(c)
		}
	}
	find(doc)
	g, err := (&flow{budget: maxWork}).table(table)
	if err != nil {
		return "", err
	}
	var rows []string
	for _, row := range g.rows {
		var cells []string
		for _, s := range row {
			switch {
			case s.c == nil:
				cells = append(cells, ".")
			case s.origin:
				cells = append(cells, s.c.text)
			default:
				cells = append(cells, s.c.text+"*")
			}
		}
		rows = append(rows, strings.Join(cells, " "))
	}
	return strings.Join(rows, " / "), nil
}

func TestHTMLGrid(t *testing.T) {
	for _, tc := range []struct{ name, table, want string }{
		{"rowspan and colspan", `<tr><td rowspan=2 colspan=2>A</td><td>B</td></tr><tr><td>1</td></tr><tr><td>x</td><td>y</td><td>2</td></tr>`,
			"A A* B / A* A* 1 / x y 2"},
		{"cells placed after a rowspan", `<tr><td>a</td><td rowspan=3>V</td><td>b</td></tr><tr><td>c</td><td>d</td></tr><tr><td>e</td><td>f</td></tr>`,
			"a V b / c V* d / e V* f"},
		{"the national form's label column", `<tr><td rowspan=3>三</td><td colspan=2>（一）</td><td>1</td></tr><tr><td rowspan=2>（三）</td><td>1.</td><td>2</td></tr><tr><td>2.</td><td>3</td></tr>`,
			"三 （一） （一）* 1 / 三* （三） 1. 2 / 三* （三）* 2. 3"},
		{"ragged rows", `<tr><td>a</td></tr><tr><td>b</td><td>c</td><td>d</td></tr><tr></tr><tr><td>e</td><td>f</td></tr>`,
			"a / b c d /  / e f"},
		{"a hole left by the rows above", `<tr><td rowspan=2>a</td><td>b</td><td rowspan=2>c</td></tr><tr></tr>`,
			"a b c / a* . c*"},
		{"rowspan past the end and rowspan=0", `<tr><td rowspan=9>a</td><td rowspan=0>b</td><td>c</td></tr><tr><td>d</td></tr>`,
			"a b c / a* b* d"},
		{"colspan=0 and nonsense", `<tr><td colspan=0>a</td><td colspan=x>b</td><td rowspan=-2>c</td></tr>`,
			"a b c"},
		{"overlapping spans keep the first cell", `<tr><td>a</td><td rowspan=2>b</td></tr><tr><td colspan=3>c</td></tr>`,
			"a b / c b* c*"},
		{"colspan capped at 1000", `<tr><td colspan=65534>a</td><td>b</td></tr>`,
			"a" + strings.Repeat(" a*", 999) + " b"},
		{"th and thead/tfoot rows", `<thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot>`,
			"h / 1 / f"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := layout(t, "<table>"+tc.table+"</table>")
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("grid\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestHTMLGridLimits: a hostile table is refused, not laid out.
func TestHTMLGridLimits(t *testing.T) {
	huge := "<table>" + strings.Repeat("<tr><td colspan=1000 rowspan=0>x</td></tr>", 600) + "</table>"
	if _, err := htmlToText([]byte(huge)); err == nil || !strings.Contains(err.Error(), "not laid out") {
		t.Errorf("a grid of 600×1000 cells: error %v", err)
	}
	many := strings.Repeat("<table><tr><td colspan=1000 rowspan=0>x</td></tr>"+strings.Repeat("<tr></tr>", 50)+"</table>", 100)
	start := time.Now()
	if _, err := htmlToText([]byte(many)); err == nil {
		t.Errorf("100 tables of 51×1000 slots: no error")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("100 large tables took %v", d)
	}
}

// TestHTMLTableText: a cell is written once; blanks stand for values only
// where values stand, as "-", never 0.
func TestHTMLTableText(t *testing.T) {
	for _, tc := range []struct{ name, table, want string }{
		{"label spanning rows written once", `<tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr><tr><td>2.其他</td><td>1</td></tr>`,
			"（三）不予公开 / 1.属于国家秘密 / 0 /  / 2.其他 / 1 / "},
		{"value spanning columns counted once", `<tr><td>信息内容</td><td>采购项目数量</td><td colspan=2>采购总金额</td></tr><tr><td>政府集中采购</td><td>5</td><td colspan=2>299.8</td></tr>`,
			"信息内容 / 采购项目数量 / 采购总金额 /  / 政府集中采购 / 5 / 299.8 / "},
		{"&nbsp; blanks in value columns", `<tr><td>&nbsp;</td><td>自然人</td><td>总计</td></tr><tr><td>规章</td><td>&nbsp;</td><td>1</td></tr><tr><td>行政强制</td><td> &nbsp; </td><td>&#160;</td></tr><tr><td>&nbsp;</td><td>3</td><td>-</td></tr>`,
			"自然人 / 总计 /  / 规章 / - / 1 /  / 行政强制 / - / - /  / 3 / - / "},
		{"stray and full-width spaces, line breaks as characters", `<tr><td>规章</td><td> 0</td><td>&nbsp;12&nbsp;</td><td>　35　</td><td>a&#13;b&#11;c</td></tr>`,
			"规章 / 0 / 12 / 35 / a b c / "},
		{"a label in lines, a | in a cell", `<tr><td><p>本年新</p><p>制作数量</p></td><td>a|b</td><td>x<br>y</td></tr>`,
			"本年新制作数量 / a｜b / x y / "},
		{"a label wrapped in the source", "<tr><td>本年新\n   制作<b>数量</b>\n (件)</td><td>Total\nnumber</td></tr>",
			"本年新制作数量 (件) / Total number / "},
		{"a layout table around a data table", "<table><tr><td><p>一、总体情况</p><table><tr><td>规章</td><td>1</td></tr></table></td><td>侧栏</td></tr></table>",
			"一、总体情况 / 规章 / 1 /  / 侧栏"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := lines(t, "<table>"+tc.table+"</table>"); got != tc.want {
				t.Errorf("\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestHTMLChrome(t *testing.T) {
	page := `<html><head><title>某局2020年政府信息公开工作年度报告</title><script>var x = "一、总体情况";</script>
<style>p { color: red }</style></head><body>
<div class="top-bar">欢迎访问 <a>无障碍</a></div>
<header><img alt="logo">某市人民政府</header>
<nav><a>首页</a><a>政务公开</a></nav>
<ul id="main_menu"><li>首页</li><li>政务服务</li></ul>
<div class="position">当前位置：<a>首页</a> &gt; 年报</div>
<article><header><h1>某局2020年政府信息公开工作年度报告</h1></header>
<div class="info">发布时间：2021-01-20 来源：某局</div>
<div class="nav-tabs"><p>一、总体情况</p><p>本局全年主动公开信息12条。</p></div>
<p style="display: none">隐藏</p><p hidden>也隐藏</p>
<p>二、主动公开<span>政府信息</span>情况</p>
<footer>某局<br>2021年1月20日</footer></article>
<div class="share-bar"><span>分享到：</span><a>微信</a><a>微博</a></div>
<p>【打印本页】 【关闭窗口】</p><p>字号：大 中 小</p><p>上一篇：某局2019年政府信息公开工作年度报告</p>
<aside><h3>相关链接</h3><a>某局2019年政府信息公开工作年度报告</a></aside>
<div class="footer">主办：某市人民政府 ICP备案号</div>
<p>中国政府网 | 省政府网</p>
</body></html>`
	want := "某局2020年政府信息公开工作年度报告 / 一、总体情况 / 本局全年主动公开信息12条。 / 二、主动公开政府信息情况 / 某局 / 2021年1月20日 / 中国政府网 | 省政府网"
	if got := lines(t, page); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

func TestHTMLPlaces(t *testing.T) {
	page := "<html>\n<body>\n<p>first\nstill first</p>\n\n<table>\n<tr>\n<td>label</td>\n<td>\n\n 7</td><td>&nbsp;</td>\n" +
		"</tr><tr><td>x</td><td>1</td><td>2</td></tr>\n</table>\r\n<pre>a\nb</pre><p>&#x4e00;、总体情况</p>"
	c, err := htmlToText([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range c.Lines {
		got = append(got, c.Places[i]+"="+c.Lines[i])
	}
	want := "line 3=first still first|line 8=label|line 11=7|line 11=-|line 8=|line 12=x|line 12=1|line 12=2|line 12=|" +
		"line 14=a|line 15=b|line 15=一、总体情况"
	if strings.Join(got, "|") != want {
		t.Errorf("\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
}

func TestHTMLNotUTF8(t *testing.T) {
	if _, err := htmlToText([]byte("<p>\xb9\xfa</p>")); !errors.Is(err, ErrNotUTF8) {
		t.Errorf("GBK bytes: error %v, want ErrNotUTF8", err)
	}
}

// checkLines: one place per line, and Text reads line i+1 as Lines[i].
func checkLines(t *testing.T, c converted) {
	t.Helper()
	if len(c.Lines) != len(c.Places) {
		t.Fatalf("%d lines, %d places", len(c.Lines), len(c.Places))
	}
	ls := splitLines(string(c.Text()))
	if len(ls) != len(c.Lines)+1 {
		t.Fatalf("%d lines converted, Text reads %d", len(c.Lines), len(ls)-1)
	}
}

// FuzzHTMLToText: no panic, no hang, one place per line, no marker left.
func FuzzHTMLToText(f *testing.F) {
	// Small seeds: the fuzzer minimises what it finds, slowly for big inputs.
	f.Add(`<html><head><title>t</title><script>x</script></head><body><nav>首页</nav><div class="breadcrumb">当前位置：首页</div>
<h1>某局2020年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文。</p><table><tr><td colspan=3 rowspan=2>（本列数据）</td><td colspan=2>申请人情况</td></tr>
<tr><td>自然人</td><td>总计</td></tr><tr><td rowspan=2>三</td><td rowspan=2>（三）</td><td>1.</td><td>&nbsp;0</td><td>-</td></tr>
<tr><td>2.</td><td>&nbsp;</td><td>1 </td></tr></table><p>【打印】【关闭】</p><footer>主办</footer></body></html>`)
	f.Add("<table><tr><td rowspan=0 colspan=1000>x</td></tr><tr><td>\uE0001\uE001</td></tr></table>")
	f.Add("<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table><pre>a\nb</pre>")
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		c, err := htmlToText([]byte(s))
		if d := time.Since(start); d > 2*time.Second && len(s) < 100_000 {
			t.Errorf("%d bytes took %v", len(s), d)
		}
		if err != nil {
			return
		}
		checkLines(t, c)
		for _, l := range c.Lines {
			if strings.ContainsAny(l, "\uE000\uE001") {
				t.Fatalf("line %q holds a marker", l)
			}
		}
	})
}
