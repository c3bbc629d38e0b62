package build

import (
	"html/template"
	"io"
	"strconv"

	"sitegen/internal/report"
)

type yearView struct {
	Year    int
	Table   figureTable
	Totals  []total
	Charts  []template.HTML
	Layouts []Link // how many reports use each layout
	File    Link
	Prev    *Link
	Next    *Link
}

// compareFigures are the columns of the year and region comparison tables.
var compareFigures = []string{"new", "granted", "partly", "refused", "unable", "not_handled", "other", "carried_out", "review", "suit"}

// byReport is a comparison table, one row per report.
func byReport(caption string, rs []*reportNode, head func(*reportNode) string) figureTable {
	t := figureTable{Caption: caption}
	for _, id := range compareFigures {
		k, _ := report.KeyFigureByID(id)
		t.Columns = append(t.Columns, k.Label)
	}
	for _, r := range rs {
		row := figureRow{Head: head(r), Link: reportPath(r.Report)}
		for _, id := range compareFigures {
			k, _ := report.KeyFigureByID(id)
			row.Cells = append(row.Cells, fig(k.Of(r.Report)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func (v *views) year(y *yearNode) (*Page, error) {
	yv := &yearView{Year: y.year, Totals: sumFigures(y.reports),
		File: Link{Text: "本年度主要数字（CSV）", Path: yearPath(y.year) + "figures.csv"}}
	ys := strconv.Itoa(y.year)
	yv.Table = byReport(ys+"年度各机关主要数字", y.reports, func(r *reportNode) string { return r.agency.DisplayName() })
	yv.Charts = []template.HTML{
		outcomeChart("chart-outcomes", ys+"年度申请办理结果（合计）", yv.Totals),
		applicantChart("chart-applicants", ys+"年度新收申请的申请人（合计）", y.reports),
		appealChart("chart-appeals", ys+"年度行政复议和行政诉讼结果（合计）", y.reports),
	}
	layouts := map[string]int{}
	for _, r := range y.reports {
		layouts[r.Layout()]++
	}
	for _, l := range []string{"2019", "2021", "mixed"} {
		if layouts[l] > 0 {
			yv.Layouts = append(yv.Layouts, Link{Text: layoutNames[l], Note: strconv.Itoa(layouts[l])})
		}
	}
	for i, o := range v.m.years {
		if o != y {
			continue
		}
		if i+1 < len(v.m.years) {
			yv.Prev = &Link{Text: strconv.Itoa(v.m.years[i+1].year) + "年度", Path: yearPath(v.m.years[i+1].year)}
		}
		if i > 0 {
			yv.Next = &Link{Text: strconv.Itoa(v.m.years[i-1].year) + "年度", Path: yearPath(v.m.years[i-1].year)}
		}
	}
	return &Page{Title: ys + "年度报告", Nav: "years", Scripts: []string{"js/sort.js"},
		Desc:   ys + "年度各机关政府信息公开工作年度报告的主要数字比较。",
		Crumbs: []Link{{Text: "年度", Path: "years/"}}, Data: yv}, nil
}

func (v *views) yearFiguresCSV(w io.Writer, y *yearNode) error { return writeFiguresCSV(w, y.reports) }

type regionView struct {
	Name     string
	Children []regionSummary
	Agencies []agencySummary
	Table    figureTable
	Years    []yearTotal
}

type regionSummary struct {
	Link              Link
	Agencies, Reports int
}

type agencySummary struct {
	Link    Link
	Level   string
	Region  string
	Years   []Link
	Reports int
}

type yearTotal struct {
	Year    int
	Reports int
	New     total
	Granted total
}

func summarize(n *regionNode) regionSummary {
	s := regionSummary{Link: Link{Text: n.name, Path: regionPath(n)}}
	for _, a := range n.all() {
		s.Agencies++
		s.Reports += len(a.reports)
	}
	return s
}

func summarizeAgency(a *agencyNode) agencySummary {
	s := agencySummary{Link: agencyLink(a), Level: a.Level, Reports: len(a.reports)}
	for i, r := range a.Region.Path() {
		if i > 0 {
			s.Region += " "
		}
		s.Region += r
	}
	for _, r := range a.reports {
		s.Years = append(s.Years, Link{Text: strconv.Itoa(r.Year), Path: reportPath(r.Report)})
	}
	return s
}

// region renders a region page, or the index of provinces for the root.
func (v *views) region(n *regionNode) (*Page, error) {
	rv := &regionView{Name: n.name}
	for _, c := range n.children {
		rv.Children = append(rv.Children, summarize(c))
	}
	var reports []*reportNode
	for _, a := range n.all() {
		reports = append(reports, a.reports...)
	}
	for _, a := range n.agencies {
		rv.Agencies = append(rv.Agencies, summarizeAgency(a))
	}
	for _, y := range v.m.years {
		var rs []*reportNode
		for _, r := range reports {
			if r.Year == y.year {
				rs = append(rs, r)
			}
		}
		if len(rs) > 0 {
			ts := sumFigures(rs)
			rv.Years = append(rv.Years, yearTotal{Year: y.year, Reports: len(rs), New: totalOf(ts, "new"), Granted: totalOf(ts, "granted")})
		}
	}
	if n.level == 0 {
		return &Page{Title: "按地区浏览", Nav: "regions", Desc: "按省、市、县（区）浏览各机关的政府信息公开工作年度报告。", Data: rv}, nil
	}
	rv.Table = byReport(n.name+"各机关报告主要数字", reports, func(r *reportNode) string {
		return r.agency.DisplayName() + " " + strconv.Itoa(r.Year) + "年"
	})
	crumbs := regionCrumbs(n)
	return &Page{Title: n.name, Nav: "regions", Scripts: []string{"js/sort.js"},
		Desc:   n.name + "各机关的政府信息公开工作年度报告。",
		Crumbs: crumbs[:len(crumbs)-1], Data: rv}, nil
}

type indexView struct {
	Agencies []agencySummary
	Years    []yearSummary
}

type yearSummary struct {
	Link    Link
	Reports int
	Totals  []total
}

func (v *views) agencyIndex() (*Page, error) {
	iv := &indexView{}
	for _, a := range v.m.agencies {
		iv.Agencies = append(iv.Agencies, summarizeAgency(a))
	}
	return &Page{Title: "机关索引", Nav: "agencies", Scripts: []string{"js/sort.js"},
		Desc: "发布政府信息公开工作年度报告的全部机关。", Data: iv}, nil
}

func (v *views) yearIndex() (*Page, error) {
	iv := &indexView{}
	for _, y := range v.m.years {
		iv.Years = append(iv.Years, yearSummary{Link: Link{Text: strconv.Itoa(y.year) + "年度", Path: yearPath(y.year)},
			Reports: len(y.reports), Totals: sumFigures(y.reports)})
	}
	return &Page{Title: "按年度浏览", Nav: "years", Desc: "各年度的政府信息公开工作年度报告。", Data: iv}, nil
}
