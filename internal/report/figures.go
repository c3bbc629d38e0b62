package report

import "strings"

// KeyFigure is a headline figure of a report that means the same in both
// layouts, so it can be summed across reports and followed across years:
// the portal's charts, comparison tables and compare tool use these.
type KeyFigure struct {
	ID    string // stable id in open data (new, granted, review …)
	Label string // short Chinese label
	Group string // 申请 (applications), 结果 (outcomes), 复议诉讼, 主动公开
	Of    func(r *Report) Cell
}

// Key figure groups.
const (
	GroupApplications = "申请"
	GroupOutcomes     = "办理结果"
	GroupAppeals      = "复议诉讼"
	GroupProactive    = "主动公开"
)

// KeyFigures lists the headline figures in display order.
var KeyFigures = []KeyFigure{
	{"new", "新收申请", GroupApplications, t3(RowNew, ColTotal)},
	{"carried_in", "上年结转", GroupApplications, t3(RowCarriedIn, ColTotal)},
	{"by_person", "自然人申请", GroupApplications, t3(RowNew, ColPerson)},
	{"by_org", "法人或其他组织申请", GroupApplications, t3Cols(RowNew, 1, 6)},
	{"granted", "予以公开", GroupOutcomes, t3Group("（一）予以公开")},
	{"partly", "部分公开", GroupOutcomes, t3Group("（二）部分公开")},
	{"refused", "不予公开", GroupOutcomes, t3Group("（三）不予公开")},
	{"unable", "无法提供", GroupOutcomes, t3Group("（四）无法提供")},
	{"not_handled", "不予处理", GroupOutcomes, t3Group("（五）不予处理")},
	{"other", "其他处理", GroupOutcomes, t3Group(GroupOther)},
	{"closed", "办理结果总计", GroupOutcomes, t3(RowTotal, ColTotal)},
	{"carried_out", "结转下年度", GroupOutcomes, t3(RowCarryOut, ColTotal)},
	{"review", "行政复议", GroupAppeals, t4(GroupReview)},
	{"review_corrected", "复议结果纠正", GroupAppeals, t4col(GroupReview, 1)},
	{"suit", "行政诉讼", GroupAppeals, t4(GroupSuit, GroupSuitReview)},
	{"suit_corrected", "诉讼结果纠正", GroupAppeals, t4col(GroupSuit, 1, GroupSuitReview, 1)},
	{"rules", "制发规章", GroupProactive, t2("规章", "本年新制作数量", "本年制发件数")},
	{"normative", "制发规范性文件", GroupProactive, t2Rows([]string{"规范性文件", "行政规范性文件"}, "本年新制作数量", "本年制发件数")},
	{"licences", "行政许可决定", GroupProactive, t2("行政许可", "处理决定数量", "本年处理决定数量")},
	{"penalties", "行政处罚决定", GroupProactive, t2("行政处罚", "处理决定数量", "本年处理决定数量")},
}

// KeyFigureByID returns the key figure with the given id.
func KeyFigureByID(id string) (KeyFigure, bool) {
	for _, k := range KeyFigures {
		if k.ID == id {
			return k, true
		}
	}
	return KeyFigure{}, false
}

// OutcomeFigures are the ids of the six outcome groups, whose sum is 总计.
var OutcomeFigures = []string{"granted", "partly", "refused", "unable", "not_handled", "other"}

func t3(row string, col int) func(*Report) Cell {
	return func(r *Report) Cell { return bare(r.Table3.Get(row, col)) }
}

func t3Cols(row string, from, to int) func(*Report) Cell {
	return func(r *Report) Cell {
		var s sum
		for c := from; c < to; c++ {
			s.add(r.Table3.Get(row, c))
		}
		return s.cell()
	}
}

// t3Group sums the total column of an outcome group: the group row itself
// or its sub-items, whichever the report's layout has. prefix matches the
// group label as far as it is printed in both layouts.
func t3Group(prefix string) func(*Report) Cell {
	return func(r *Report) Cell {
		if r.Table3 == nil {
			return Cell{}
		}
		var s sum
		for _, def := range Table3Rows[r.Table3.Layout] {
			if strings.HasPrefix(def.Key, prefix) {
				s.add(r.Table3.Get(def.Key, ColTotal))
			}
		}
		return s.cell()
	}
}

func t4(groups ...int) func(*Report) Cell {
	var pairs []int
	for _, g := range groups {
		pairs = append(pairs, g, len(Table4Columns)-1)
	}
	return t4col(pairs...)
}

// t4col sums table 四 cells given as group, column pairs.
func t4col(pairs ...int) func(*Report) Cell {
	return func(r *Report) Cell {
		var s sum
		for i := 0; i+1 < len(pairs); i += 2 {
			s.add(r.Table4.Get(pairs[i], pairs[i+1]))
		}
		return s.cell()
	}
}

func t2(row string, cols ...string) func(*Report) Cell {
	return t2Rows([]string{row}, cols...)
}

// t2Rows returns the first set cell among the rows and columns given: the
// 2019 and 2021 layouts name the same figure differently.
func t2Rows(rows []string, cols ...string) func(*Report) Cell {
	return func(r *Report) Cell {
		for _, row := range rows {
			for _, col := range cols {
				if c := r.Table2.Get(row, col); c.Set {
					return bare(c)
				}
			}
		}
		return Cell{}
	}
}

// sum adds cells; the result is blank only when every cell was blank.
type sum struct {
	v   float64
	set bool
}

func (s *sum) add(c Cell) {
	if c.Set {
		s.v += c.Value
		s.set = true
	}
}

func (s sum) cell() Cell {
	if !s.set {
		return Cell{}
	}
	return Num(s.v)
}

func bare(c Cell) Cell {
	if !c.Set {
		return Cell{}
	}
	return Num(c.Value)
}
