package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A narrativeFigure is a figure the narrative commonly states about the
// tables, e.g. 全年新收到政府信息公开申请259宗, with the table value it must
// agree with.
type narrativeFigure struct {
	name  string
	re    *regexp.Regexp
	value func(r *Report) (float64, Pos, bool)
}

// tradAlt lists the traditional forms of the characters the patterns use,
// so a narrative in traditional characters is checked too.
var tradAlt = map[rune]string{'开': "開", '请': "請", '办': "辦", '结': "結", '转': "轉", '处': "處",
	'复': "複覆", '讼': "訟", '无': "無", '诉': "訴", '收': "収", '总': "總", '计': "計", '门': "門", '为': "為"}

// figurePattern builds a pattern: one of the keywords, up to a few joining
// characters (的, 了, 共, 为 …), a number and a counter (件, 宗, 起, 个).
func figurePattern(keywords ...string) *regexp.Regexp {
	var alts []string
	for _, k := range keywords {
		var b strings.Builder
		for _, r := range k {
			if alt, ok := tradAlt[r]; ok {
				b.WriteString("[" + string(r) + alt + "]")
			} else {
				b.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		alts = append(alts, b.String())
	}
	return regexp.MustCompile(`(?:` + strings.Join(alts, "|") + `)[的了共计計為为达達有：:]{0,3}\s*(\d+)\s*(?:件|宗|起|个|個)`)
}

func groupSum(group string) func(r *Report) (float64, Pos, bool) {
	return func(r *Report) (float64, Pos, bool) {
		t := r.Table3
		if t == nil {
			return 0, Pos{}, false
		}
		var cells []Cell
		for _, row := range Table3Rows[t.Layout] {
			if row.Key == group || row.Group == group {
				cells = append(cells, t.Get(row.Key, ColTotal))
			}
		}
		s, ok := rowSum(cells...)
		if len(cells) == 0 {
			return 0, Pos{}, false
		}
		return s, cells[0].Pos, ok
	}
}

func table3Total(row string) func(r *Report) (float64, Pos, bool) {
	return func(r *Report) (float64, Pos, bool) {
		c := r.Table3.Get(row, ColTotal)
		return c.Value, c.Pos, c.Set
	}
}

func table4Total(groups ...int) func(r *Report) (float64, Pos, bool) {
	return func(r *Report) (float64, Pos, bool) {
		var cells []Cell
		for _, g := range groups {
			cells = append(cells, r.Table4.Get(g, 4))
		}
		s, ok := rowSum(cells...)
		return s, cells[0].Pos, ok
	}
}

var narrativeFigures = []narrativeFigure{
	{"本年新收申请 (三 一、总计)", figurePattern("新收到政府信息公开申请", "新收政府信息公开申请", "收到政府信息公开申请",
		"受理政府信息公开申请", "受理依申请公开"), table3Total(RowNew)},
	{"予以公开 (三（一）总计)", figurePattern("予以公开"), table3Total("（一）予以公开")},
	{"部分公开 (三（二）总计)", figurePattern("部分公开"), groupSum(table3Groups[1].Label)},
	{"不予公开 (三（三）总计)", figurePattern("不予公开"), groupSum("（三）不予公开")},
	{"无法提供 (三（四）总计)", figurePattern("无法提供"), groupSum("（四）无法提供")},
	{"不予处理 (三（五）总计)", figurePattern("不予处理"), groupSum("（五）不予处理")},
	{"其他处理 (三（六）总计)", figurePattern("其他处理"), groupSum(GroupOther)},
	{"办结 (三（七）总计)", figurePattern("办结"), table3Total(RowTotal)},
	{"结转下年度 (三 四、总计)", figurePattern("转下年办理", "转下年度办理", "结转下年度继续办理"), table3Total(RowCarryOut)},
	{"行政复议 (四 行政复议 总计)", figurePattern("行政复议案件", "行政复议"), table4Total(GroupReview)},
	{"行政诉讼 (四 行政诉讼 总计)", figurePattern("行政诉讼案件", "行政诉讼"), table4Total(GroupSuit, GroupSuitReview)},
}

// checkNarrative compares figures the narrative states with the tables
// (X1, a warning: the narrative may count differently, but a reader sees
// both and one of them is wrong).
func checkNarrative(d *diags, r *Report) {
	for _, s := range r.Sections {
		for _, nf := range narrativeFigures {
			if strings.HasPrefix(nf.name, "行政") && r.Table4 == nil || !strings.HasPrefix(nf.name, "行政") && r.Table3 == nil {
				continue
			}
			for _, m := range nf.re.FindAllStringSubmatchIndex(s.Body, -1) {
				said, err := strconv.ParseFloat(s.Body[m[2]:m[3]], 64)
				want, cellPos, ok := nf.value(r)
				if err != nil || !ok || said == want {
					continue
				}
				pos := bodyPos(s, m[2])
				d.warnf("X1", pos, "", fmt.Sprintf("%s, as table line %d says", fmtNum(want), cellPos.Line),
					"the narrative says %q but the table has %s for %s", s.Body[m[0]:m[1]], fmtNum(want), nf.name)
			}
		}
	}
}

// bodyPos turns a byte offset in a section body into a file position.
func bodyPos(s Section, off int) Pos {
	before := s.Body[:off]
	line := s.BodyPos + strings.Count(before, "\n")
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return Pos{line, utf8.RuneCountInString(before[lineStart:]) + 1}
}
