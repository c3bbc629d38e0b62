package build

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"

	"sitegen/internal/render/chart"
	"sitegen/internal/report"
)

type homeView struct {
	Agencies, Reports int
	FirstYear         int
	LastYear          int
	Headline          []total // the figures the home page leads with
	Charts            []template.HTML
	Latest            []latestReport
	Years             []yearSummary
	Provinces         []regionSummary
}

type latestReport struct {
	Link      Link
	Published string
}

var headline = []string{"new", "granted", "partly", "refused", "review", "suit"}

func (v *views) home() (*Page, error) {
	m := v.m
	hv := &homeView{Agencies: len(m.agencies), Reports: len(m.reports)}
	if len(m.years) > 0 {
		hv.LastYear, hv.FirstYear = m.years[0].year, m.years[len(m.years)-1].year
	}
	ts := sumFigures(m.reports)
	for _, id := range headline {
		hv.Headline = append(hv.Headline, totalOf(ts, id))
	}
	hv.Charts = []template.HTML{
		outcomeChart("chart-outcomes", "申请办理结果（全部报告合计）", ts),
		applicantChart("chart-applicants", "新收申请的申请人（全部报告合计）", m.reports),
		appealChart("chart-appeals", "行政复议和行政诉讼结果（全部报告合计）", m.reports),
	}
	if len(m.years) > 1 {
		hv.Charts = append(hv.Charts, byYearChart(m.years))
	}
	latest := slices.Clone(m.reports)
	slices.SortStableFunc(latest, func(x, y *reportNode) int {
		return cmp.Or(cmp.Compare(published(y), published(x)), cmp.Compare(x.agency.DisplayName(), y.agency.DisplayName()))
	})
	for _, r := range latest[:min(10, len(latest))] {
		hv.Latest = append(hv.Latest, latestReport{Link: reportLink(r), Published: r.Published})
	}
	for _, y := range m.years {
		hv.Years = append(hv.Years, yearSummary{Link: Link{Text: strconv.Itoa(y.year) + "年度", Path: yearPath(y.year)}, Reports: len(y.reports)})
	}
	for _, p := range m.regions.children {
		hv.Provinces = append(hv.Provinces, summarize(p))
	}
	return &Page{Title: portalName, Nav: "home",
		Desc: "各级行政机关政府信息公开工作年度报告的公开平台：浏览、比较、下载数据。", Data: hv}, nil
}

// published orders reports by publication date, then report year.
func published(r *reportNode) string {
	if r.Published != "" {
		return r.Published
	}
	return strconv.Itoa(r.Year+1) + "-01-01"
}

// byYearChart follows the totals of all reports across years; years
// without reports are gaps.
func byYearChart(years []*yearNode) template.HTML {
	l := chart.Lines{ID: "chart-years", Title: "历年申请数量与办理结果（全部报告合计）", Unit: "件"}
	byYear := map[int][]total{}
	for _, y := range years {
		byYear[y.year] = sumFigures(y.reports)
	}
	var axis []int
	l.X, axis = yearAxis(years[len(years)-1].year, years[0].year)
	for _, id := range []string{"new", "granted", "refused", "unable"} {
		k, _ := report.KeyFigureByID(id)
		s := chart.Series{Name: k.Label}
		for _, y := range axis {
			var v chart.Value
			if ts, ok := byYear[y]; ok {
				t := totalOf(ts, id)
				v = chart.Value{V: t.Value, OK: t.Reports > 0}
			}
			s.Values = append(s.Values, v)
		}
		l.Series = append(l.Series, s)
	}
	return l.Render()
}
