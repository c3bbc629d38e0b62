package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitegen/internal/report"
)

var (
	yearRE      = regexp.MustCompile(`(\d{4})\s*年度?`)
	dateRE      = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$`)
	bareNumRE   = regexp.MustCompile(`^\d{1,3}$`)
	signatureRE = regexp.MustCompile(`(政府|局|办公室|委员会|委|街道|办事处|中心|厅|院|所|镇|乡|处|室|会|站|队|馆)$`)
	chromeKeys  = map[string]bool{}
)

func init() {
	for _, w := range []string{"基本介绍", "相关词条", "热门词条", "联络我们", "联系我们", "参考资料", "词条标签",
		"免责声明", "返回顶部", "打印本页", "关闭窗口", "收藏本页", "分享到", "目录", "扫一扫在手机打开当前页", "字号大中小"} {
		chromeKeys[string(key(w))] = true
	}
}

// meta is what the text states about itself.
type meta struct {
	title, agency string
	year          int
	line          int // line of the title
	published     string
}

// meta takes the title from the first lines of the preamble (the agency's
// name may stand on the line before it) and the signature from the end of
// the text, removing both from the narrative.
func (im *importer) meta(d *document) meta {
	var m meta
	pre := &d.parts[0]
	seen := 0
	for i, l := range pre.lines {
		t := tidySpaces(strings.TrimSpace(l.text))
		if t == "" {
			continue
		}
		if seen++; seen > 6 {
			break
		}
		k := string(key(t))
		if utf8.RuneCountInString(t) > 60 || strings.Contains(t, "。") || !strings.Contains(k, "政府信息公开") ||
			!(strings.Contains(k, "报告") || strings.Contains(k, "年报")) || !yearRE.MatchString(t) {
			continue
		}
		first := i
		if loc := yearRE.FindStringIndex(t); loc[0] == 0 {
			for j := i - 1; j >= 0; j-- {
				p := tidySpaces(strings.TrimSpace(pre.lines[j].text))
				if p == "" {
					continue
				}
				if utf8.RuneCountInString(p) <= 30 && !strings.ContainsAny(p, "。，,：:") {
					t, first = p+t, j
				}
				break
			}
		}
		m.title, m.line = t, pre.lines[first].no
		pre.lines = append(pre.lines[:first:first], pre.lines[i+1:]...)
		break
	}
	if m.title != "" {
		loc := yearRE.FindStringSubmatchIndex(m.title)
		m.year, _ = strconv.Atoi(m.title[loc[2]:loc[3]])
		agency := m.title[:loc[0]]
		if agency == "" {
			rest := m.title[loc[1]:]
			if i := strings.Index(toSimplified(rest), "政府信息公开"); i > 0 {
				agency = rest[:i]
			}
		}
		m.agency = strings.TrimSpace(toSimplified(agency))
	}
	m.published = signature(d)
	return m
}

// signature removes the date and the signing body's name at the end of the
// text and returns the date as YYYY-MM-DD ("" when there is none).
func signature(d *document) string {
	for pi := len(d.parts) - 1; pi >= 0; pi-- {
		p := &d.parts[pi]
		end := len(p.lines)
		skip := func() {
			for end > 0 {
				t := strings.TrimSpace(p.lines[end-1].text)
				if t != "" && !bareNumRE.MatchString(t) {
					return
				}
				end--
			}
		}
		skip()
		if end == 0 {
			continue
		}
		m := dateRE.FindStringSubmatch(strings.TrimSpace(report.FoldWidth(p.lines[end-1].text)))
		if m == nil {
			return ""
		}
		end--
		skip()
		if end > 0 {
			t := strings.TrimSpace(p.lines[end-1].text)
			if utf8.RuneCountInString(t) <= 30 && !strings.ContainsAny(t, "。，,：:；") && signatureRE.MatchString(toSimplified(t)) {
				end--
			}
		}
		p.lines = p.lines[:end]
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		da, _ := strconv.Atoi(m[3])
		if mo < 1 || mo > 12 || da < 1 || da > 31 {
			return ""
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, mo, da)
	}
	return ""
}

// chrome reports a line of the page around the report: an encyclopedia's
// navigation and info box, or the abstract that repeats the title.
func chrome(t, title string) bool {
	k := string(key(t))
	switch {
	case chromeKeys[k]:
		return true
	case strings.HasPrefix(t, "•") || strings.HasPrefix(t, "●") || strings.HasPrefix(t, "·"):
		return strings.ContainsAny(t, ":：")
	case title != "" && strings.HasPrefix(t, "《"):
		return strings.HasPrefix(k, string(key(title)))
	}
	return false
}

// sections turns the narrative parts into the report's sections: one
// paragraph per line, or, in pdftotext layout, paragraphs rejoined where a
// line is not indented. Without a heading 一, the preamble is section 一.
func sections(d *document, layout bool, title string) []report.Section {
	var out []report.Section
	index := map[string]int{}
	has1 := false
	for _, p := range d.parts {
		has1 = has1 || p.num == "一"
	}
	for _, p := range d.parts {
		body := markdown(paragraphs(p.lines, layout, title))
		if p.own != "" {
			body = strings.TrimSpace("### " + p.own + "\n\n" + body)
		}
		num := p.num
		if num == "" && !has1 && body != "" {
			num = "一"
		}
		if body == "" && (num == "" || num == "二" || num == "三" || num == "四") {
			continue // a table's heading says nothing the table does not
		}
		if i, ok := index[num]; ok {
			out[i].Body = strings.TrimSpace(out[i].Body + "\n\n" + body)
			continue
		}
		index[num] = len(out)
		s := report.Section{Num: num, Body: body, Line: p.line}
		if num != "" {
			s.Title = headingOf(num)
		}
		out = append(out, s)
	}
	return out
}

func headingOf(num string) string {
	for _, s := range report.Sections {
		if s.Num == num {
			return s.Heading()
		}
	}
	return num
}

func paragraphs(lines []line, layout bool, title string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		s := strings.TrimSpace(cur.String())
		if layout {
			s = tidySpaces(s)
		}
		if s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	for _, l := range lines {
		t := strings.TrimSpace(strings.ReplaceAll(l.text, "\u3000", " "))
		if t == "" || bareNumRE.MatchString(t) || chrome(t, title) {
			continue
		}
		indent := len(l.text) - len(strings.TrimLeft(l.text, " \t\u3000"))
		if !layout || indent >= 2 {
			flush()
		}
		cur.WriteString(t)
	}
	flush()
	return out
}

// markdown joins paragraphs, escaping what Markdown would read as syntax
// at the start of a line.
func markdown(ps []string) string {
	for i, p := range ps {
		if strings.HasPrefix(p, "#") || strings.HasPrefix(p, ">") || strings.HasPrefix(p, "-") ||
			strings.HasPrefix(p, "+") || strings.HasPrefix(p, "*") || strings.HasPrefix(p, "=") || strings.HasPrefix(p, "`") {
			ps[i] = `\` + p
		}
	}
	return strings.Join(ps, "\n\n")
}

// tidySpaces drops the spaces pdftotext puts between Chinese characters and
// around numbers in Chinese text (2024 年 → 2024年), keeping single spaces
// between Latin words.
func tidySpaces(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if !unicode.IsSpace(rs[i]) {
			b.WriteRune(rs[i])
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if i > 0 && j < len(rs) && !wide(rs[i-1]) && !wide(rs[j]) {
			b.WriteByte(' ')
		}
		i = j - 1
	}
	return b.String()
}

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) ||
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—'
}
