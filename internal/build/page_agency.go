package build

import (
	"html/template"
	"io"
	"strconv"

	"sitegen/internal/render/chart"
	"sitegen/internal/render/opendata"
	"sitegen/internal/report"
)

type agencyView struct {
	Agency  *report.Agency
	Region  []Link
	Reports []agencyYear
	Charts  []template.HTML
	Table   figureTable
	Files   []Link
}

type agencyYear struct {
	Year     int
	Link     Link
	Title    string
	Layout   string
	Findings int
	Changes  *Link
}

// figureTable is key figures by year (agency) or by report (year, region).
type figureTable struct {
	Caption string
	Columns []string // column headings after the first
	Rows    []figureRow
}

type figureRow struct {
	Head  string
	Link  string // output path of the row's page, "" for none
	Cells []figureCell
}

func (v *views) agency(a *agencyNode) (*Page, error) {
	av := &agencyView{Agency: a.Agency, Files: []Link{
		{Text: "主要数字（JSON）", Path: agencyPath(a.Key) + "figures.json"},
		{Text: "主要数字（CSV）", Path: agencyPath(a.Key) + "figures.csv"},
	}}
	for _, r := range a.region.trail() {
		av.Region = append(av.Region, Link{Text: r.name, Path: regionPath(r)})
	}
	for _, r := range a.reports {
		y := agencyYear{Year: r.Year, Link: reportLink(r), Title: r.Title, Layout: layoutNames[r.Layout()], Findings: len(v.m.findings[r.File])}
		if r.prev != nil {
			y.Changes = &Link{Text: "与上年比较", Path: reportPath(r.Report) + "changes/"}
		}
		av.Reports = append(av.Reports, y)
	}
	av.Charts = trendCharts(a.reports)
	av.Table = yearByYear(a.reports)
	return &Page{
		Title:  a.DisplayName(),
		Desc:   a.DisplayName() + "历年政府信息公开工作年度报告与主要数字。",
		Nav:    "agencies",
		Crumbs: append([]Link{{Text: "机关", Path: "agencies/"}}, regionCrumbs(a.region)[1:]...),
		Data:   av,
	}, nil
}

// trendCharts follows the key figures across an agency's years: the
// figures mean the same in both layouts.
//
// The x axis has every year from the first report to the last: a year
// without a report is a gap in the lines, not a shorter distance.
func trendCharts(rs []*reportNode) []template.HTML {
	if len(rs) == 0 {
		return nil
	}
	byYear := map[int]*reportNode{}
	for _, r := range rs {
		byYear[r.Year] = r
	}
	x, years := yearAxis(rs[0].Year, rs[len(rs)-1].Year)
	series := func(ids ...string) []chart.Series {
		var out []chart.Series
		for _, id := range ids {
			k, _ := report.KeyFigureByID(id)
			s := chart.Series{Name: k.Label}
			for _, y := range years {
				var v chart.Value
				if r := byYear[y]; r != nil {
					v = value(k.Of(r.Report))
				}
				s.Values = append(s.Values, v)
			}
			out = append(out, s)
		}
		return out
	}
	return []template.HTML{
		chart.Lines{ID: "trend-applications", Title: "申请数量", Unit: "件", X: x, Series: series("new", "carried_in", "carried_out")}.Render(),
		chart.Lines{ID: "trend-outcomes", Title: "办理结果", Unit: "件", X: x, Series: series(report.OutcomeFigures...)}.Render(),
		chart.Lines{ID: "trend-appeals", Title: "行政复议和行政诉讼", Unit: "件", X: x, Series: series("review", "review_corrected", "suit", "suit_corrected")}.Render(),
	}
}

// yearAxis lists the years from first to last, as labels and numbers.
func yearAxis(first, last int) ([]string, []int) {
	var labels []string
	var years []int
	for y := first; y <= last; y++ {
		labels = append(labels, strconv.Itoa(y))
		years = append(years, y)
	}
	return labels, years
}

// yearByYear is the agency's key figures, one column per year.
func yearByYear(rs []*reportNode) figureTable {
	t := figureTable{Caption: "历年主要数字"}
	for _, r := range rs {
		t.Columns = append(t.Columns, strconv.Itoa(r.Year)+"年")
	}
	for _, k := range report.KeyFigures {
		row := figureRow{Head: k.Label}
		for _, r := range rs {
			row.Cells = append(row.Cells, fig(k.Of(r.Report)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// agencyFigures is the open data of the agency's key figures, read by the
// compare tool.
type agencyFigures struct {
	Agency  string                         `json:"agency"`
	Key     string                         `json:"agency_key"`
	Region  []string                       `json:"region"`
	Years   map[string]map[string]*float64 `json:"years"`
	Reports map[string]string              `json:"reports"`
}

func (v *views) agencyFiguresJSON(w io.Writer, a *agencyNode) error {
	out := agencyFigures{Agency: a.DisplayName(), Key: a.Key, Region: a.Region.Path(),
		Years: map[string]map[string]*float64{}, Reports: map[string]string{}}
	if out.Region == nil {
		out.Region = []string{}
	}
	for _, r := range a.reports {
		y := strconv.Itoa(r.Year)
		figs := map[string]*float64{}
		for _, k := range report.KeyFigures {
			if c := k.Of(r.Report); c.Set {
				val := c.Value
				figs[k.ID] = &val
			} else {
				figs[k.ID] = nil
			}
		}
		out.Years[y] = figs
		out.Reports[y] = v.r.URL(reportPath(r.Report))
	}
	return writeJSON(w, out)
}

func (v *views) agencyFiguresCSV(w io.Writer, a *agencyNode) error {
	return writeFiguresCSV(w, a.reports)
}

// writeFiguresCSV writes the key figures of reports, one line each.
func writeFiguresCSV(w io.Writer, rs []*reportNode) error {
	return opendata.FiguresCSV(w, datasetRows(rs))
}

// datasetRows gives reports with their agencies, as open data takes them.
func datasetRows(rs []*reportNode) []opendata.Row {
	rows := make([]opendata.Row, len(rs))
	for i, r := range rs {
		rows[i] = opendata.Row{Report: r.Report, Agency: r.agency.Agency}
	}
	return rows
}
