package build

import (
	"strconv"
	"strings"

	"sitegen/internal/changes"
	"sitegen/internal/render"
	"sitegen/internal/report"
)

type changesView struct {
	Prev, Cur  Link
	PrevYear   int
	Year       int
	Figures    []figureChange
	Summary    changes.Summary
	Narrative  []sectionChange
	SameLayout bool
}

// sectionChange is a section's diff with its anchor and heading.
type sectionChange struct {
	changes.SectionDiff
	ID      string
	Heading string
}

type figureChange struct {
	Table  string
	Label  string
	Prev   string
	Cur    string
	Delta  string
	Change string // 增加 / 减少 / 新填 / 未填
}

func (v *views) changes(n *reportNode) (*Page, error) {
	prev := n.prev
	cv := &changesView{Prev: reportLink(prev), Cur: reportLink(n), PrevYear: prev.Year, Year: n.Year,
		SameLayout: prev.Layout() == n.Layout()}
	figs, sum := changes.Figures(prev.Report, n.Report)
	cv.Summary = sum
	for _, f := range figs {
		fc := figureChange{Table: "表" + []string{"", "", "二", "三", "四"}[f.Table], Label: strings.Join(f.Labels, " / "),
			Prev: cellText(f.Prev), Cur: cellText(f.Cur)}
		switch {
		case f.Kind == changes.Added:
			fc.Change = "新填"
		case f.Kind == changes.Removed:
			fc.Change = "未填"
		case f.HasDelta && f.Delta > 0:
			fc.Change, fc.Delta = "增加", "+"+render.Num(f.Delta)
		case f.HasDelta:
			fc.Change, fc.Delta = "减少", render.Num(f.Delta)
		}
		cv.Figures = append(cv.Figures, fc)
	}
	for _, d := range changes.Narrative(prev.Report, n.Report) {
		cv.Narrative = append(cv.Narrative, sectionChange{SectionDiff: d, ID: "d-" + sectionID(d.Num), Heading: sectionHeading(d.Num, d.Title)})
	}
	ys := strconv.Itoa(n.Year)
	return &Page{
		Title:  n.agency.DisplayName() + " " + ys + "年报告与" + strconv.Itoa(prev.Year) + "年报告比较",
		Desc:   "逐项列出数字的变化和正文的增删改。",
		Nav:    "agencies",
		Crumbs: []Link{agencyLink(n.agency), reportLink(n)},
		Data:   cv,
	}, nil
}

func cellText(c report.Cell) string {
	if !c.Set {
		return ""
	}
	s := render.Num(c.Value)
	if c.Unit != "" {
		s += " " + c.Unit
	}
	return s
}
