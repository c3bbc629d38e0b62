package importer

import (
	"strings"
	"unicode/utf8"

	"sitegen/internal/report"
)

// part is a run of narrative lines under one heading (num "" for the text
// before the first heading).
type part struct {
	num   string // 一 … 六, "" for the preamble
	line  int    // line of the heading, 0 for the preamble
	lines []line
	// own is the heading as written when the report words it its own way
	// (二、存在的不足 for 五); it is kept as a sub-heading.
	own string
}

// document is the input cut into narrative parts and table blocks.
type document struct {
	parts  []part
	tables map[int][]line // table 2, 3, 4 → the lines of its block(s)
	start  map[int]int    // table → line where its block starts
}

var sectionKeys = func() map[string][]rune {
	m := map[string][]rune{}
	for _, s := range report.Sections {
		m[s.Num] = key(s.Title)
	}
	return m
}()

// matchHeading recognises a section heading: one of the six titles, with
// any numbering or none (一、 1、 5、), up to a typo, or the way reports
// word the fifth and sixth sections (二、存在的不足, 2021年工作思路).
// Sub-headings written
// （一） are never section headings.
func matchHeading(l line) (string, bool) {
	t := strings.TrimSpace(report.FoldWidth(l.text))
	if t == "" || utf8.RuneCountInString(t) > 40 || strings.ContainsAny(t, "。|") || len(l.values()) > 0 {
		return "", false
	}
	if strings.HasPrefix(t, "(") || strings.HasPrefix(t, "（") {
		return "", false
	}
	k := key(stripNumbering(t))
	if len(k) == 0 {
		return "", false
	}
	for _, s := range report.Sections {
		if near(k, sectionKeys[s.Num]) {
			return s.Num, true
		}
	}
	if len(k) <= 14 {
		ks := string(k)
		if strings.Contains(ks, "存在") && (strings.Contains(ks, "问题") || strings.Contains(ks, "不足")) {
			return "五", true
		}
		// Plans for next year (2021年政务公开工作思路) are the
		// improvements section five asks for.
		for _, w := range []string{"工作思路", "工作打算", "工作计划", "下一步工作"} {
			if strings.HasSuffix(ks, w) {
				return "五", true
			}
		}
		if strings.Contains(ks, "其他需要报告") {
			return "六", true
		}
	}
	return "", false
}

var (
	keyArticle20 = key("第二十条")
	keyApplicant = key("申请人情况")
	keyBalance   = key("本列数据的勾稽关系")
	keyNewApps   = core(report.RowNew)
	keyReview    = key("行政复议")
)

// tableStart says which table a line opens: 2 at 第二十条第（一）项, 3 at the
// head of table 三 (申请人情况, the 勾稽关系 note, or its first row), 4 at
// the 行政复议 header of table 四. 0 otherwise.
func tableStart(l line) int {
	tc := l.textChunks()
	if len(tc) == 0 {
		return 0
	}
	k := key(tc[0].text)
	switch {
	case len(k) <= 12 && len(k) >= len(keyArticle20) && string(k[:len(keyArticle20)]) == string(keyArticle20):
		return 2
	case len(k) <= 8 && contains(k, keyApplicant), len(k) <= 40 && contains(k, keyBalance):
		return 3
	case near(key(stripNumbering(tc[0].text)), keyNewApps):
		return 3
	case len(k) <= 6 && near(k, keyReview):
		return 4
	}
	return 0
}

// narrativeLike reports a line of running text: long, with a full stop.
// It ends a table block.
func narrativeLike(l line) bool {
	for _, c := range l.textChunks() {
		if len(key(c.text)) >= 35 && strings.Contains(c.text, "。") {
			return true
		}
	}
	return false
}

// segment cuts the lines into narrative parts and table blocks. A block
// runs from its table's start to a heading, another table, running text,
// or, for table 四, the first text after its numbers.
func segment(lines []line) *document {
	d := &document{tables: map[int][]line{}, start: map[int]int{}}
	d.parts = []part{{}}
	cur, seen4 := 0, false
	for _, l := range lines {
		if num, ok := matchHeading(l); ok {
			cur = 0
			p := part{num: num, line: l.no}
			if !near(core(l.text), sectionKeys[num]) {
				p.own = strings.TrimSpace(l.text)
			}
			d.parts = append(d.parts, p)
			continue
		}
		if t := tableStart(l); t != 0 && t != cur {
			cur = t
			if _, ok := d.start[t]; !ok {
				d.start[t] = l.no
			}
		}
		if cur != 0 {
			switch {
			case narrativeLike(l):
				cur = 0
			case cur == 4 && seen4 && l.hasText():
				cur = 0
			default:
				d.tables[cur] = append(d.tables[cur], l)
				for _, v := range l.values() {
					if cur == 4 && !v.val.blank {
						seen4 = true
					}
				}
				continue
			}
		}
		p := &d.parts[len(d.parts)-1]
		p.lines = append(p.lines, l)
	}
	return d
}
