package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dropped says an element holds no part of the report: scripts, styles and
// form controls always; navigation by tag; hidden elements; side bars
// unless they hold a table, a top heading or running text; site headers
// and footers (outside <article> and <main>) and elements whose class or
// id names chrome (nav, menu, breadcrumb, share, footer …) unless they
// hold that or a report's title (…年度报告).
func (f *flow) dropped(n *html.Node, inArticle bool) bool {
	switch n.DataAtom {
	case atom.Head, atom.Title, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe,
		atom.Object, atom.Svg, atom.Math, atom.Select, atom.Button, atom.Input, atom.Textarea, atom.Nav:
		return true
	case atom.Header, atom.Footer:
		if !inArticle && f.holds[n] == 0 {
			return true
		}
	case atom.Aside:
		return f.holds[n]&holdsReport == 0
	}
	for _, a := range n.Attr {
		v := strings.ToLower(a.Val)
		switch {
		case a.Key == "hidden", a.Key == "style" && strings.Contains(strings.ReplaceAll(v, " ", ""), "display:none"):
			return true
		case (a.Key == "class" || a.Key == "id") && chromeName(v):
			return f.holds[n] == 0
		}
	}
	return false
}

// chromeName says a class or id names site chrome: one of its words (cut
// at spaces, - and _) is nav, menu, breadcrumb, share, footer ….
func chromeName(v string) bool {
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }) {
		switch w {
		case "nav", "navbar", "topnav", "subnav", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
			"share", "sharebar", "bdshare", "bdsharebuttonbox", "jiathis", "footer", "sidebar", "topbar",
			"copyright", "toolbar", "top", "header", "head", "banner", "logo", "search", "bottom", "foot":
			return true
		}
	}
	return false
}

// chromeWords make up print and share bars; chromeHeads start breadcrumbs,
// an article's information line (发布时间：… 来源：…) and the links to the
// articles before and after it.
var (
	chromeWords = strings.NewReplacer("扫一扫在手机打开当前页", "", "打印本页", "", "关闭窗口", "", "关闭本页", "",
		"返回顶部", "", "返回首页", "", "收藏本页", "", "加入收藏", "", "分享到", "", "打印", "", "关闭", "",
		"返回", "", "收藏", "", "分享", "", "微信", "", "微博", "", "字号", "", "字体", "", "默认", "", "大", "",
		"中", "", "小", "", "保存", "", "纠错", "")
	chromeHeads = []string{"当前位置", "您的位置", "您现在的位置", "您当前的位置", "所在位置",
		"发布时间", "发布日期", "发文日期", "信息来源", "来源", "浏览次数", "点击数", "访问量", "上一篇", "下一篇"}
)

// chromeLine says a line is page chrome: only words of the print and
// share bars (【打印】【关闭】, 分享到：微信 微博, 字号：大 中 小), or a
// breadcrumb or information line (当前位置：首页 > …, 发布时间：…).
func chromeLine(t string) bool {
	if utf8.RuneCountInString(t) > 80 {
		return false
	}
	for _, h := range chromeHeads {
		if rest, ok := strings.CutPrefix(t, h); ok && (strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, ":")) {
			return true
		}
	}
	rest := chromeWords.Replace(t)
	return rest != t && strings.IndexFunc(rest, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}
