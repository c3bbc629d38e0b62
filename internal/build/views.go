package build

import (
	"html/template"
	"strconv"

	"sitegen/internal/render"
	"sitegen/internal/render/chart"
	"sitegen/internal/report"
)

// Page is what every template gets: the page's own data in Data, and what
// the layout needs around it.
type Page struct {
	Title   string // the page's heading; <title> adds the portal's name
	Desc    string // meta description
	Path    string // output path, e.g. reports/2020/x/
	Nav     string // the main navigation entry this page sits under
	Crumbs  []Link // breadcrumb trail above this page
	Scripts []string
	Portal  *Portal
	Data    any
}

// Portal is what every page says of the whole site.
type Portal struct {
	Name     string
	Reports  int
	Agencies int
	Years    []int // newest first
	Feed     bool  // feed.xml is written (the base URL is absolute)
}

// Link is a link to a page of the site.
type Link struct {
	Text string
	Path string // output path; templates pass it through url
	Note string
}

// views builds the data of each page from the model.
type views struct {
	m      *model
	r      *render.Renderer
	portal *Portal
}

const portalName = "政府信息公开工作年度报告"

func newPortal(m *model, r *render.Renderer) *Portal {
	p := &Portal{Name: portalName, Reports: len(m.reports), Agencies: len(m.agencies), Feed: r.HasAbsBase()}
	for _, y := range m.years {
		p.Years = append(p.Years, y.year)
	}
	return p
}

func reportLink(r *reportNode) Link {
	return Link{Text: r.agency.DisplayName() + " " + strconv.Itoa(r.Year) + "年", Path: reportPath(r.Report)}
}

func agencyLink(a *agencyNode) Link { return Link{Text: a.DisplayName(), Path: agencyPath(a.Key)} }

func regionCrumbs(n *regionNode) []Link {
	out := []Link{{Text: "地区", Path: "regions/"}}
	for _, r := range n.trail() {
		out = append(out, Link{Text: r.name, Path: regionPath(r)})
	}
	return out
}

// value converts a cell for a chart.
func value(c report.Cell) chart.Value { return chart.Value{V: c.Value, OK: c.Set} }

// figureCell is one key figure of one report, as a table shows it.
type figureCell struct {
	Text  string // formatted, "" when blank
	Value float64
	Set   bool
}

func fig(c report.Cell) figureCell {
	if !c.Set {
		return figureCell{}
	}
	return figureCell{Text: render.Num(c.Value), Value: c.Value, Set: true}
}

// totals sums key figures over reports; Reports counts those with data.
type total struct {
	ID, Label, Group string
	Value            float64
	Reports          int
}

func (t total) Text() string { return render.Num(t.Value) }

func sumFigures(rs []*reportNode) []total {
	out := make([]total, len(report.KeyFigures))
	for i, k := range report.KeyFigures {
		out[i] = total{ID: k.ID, Label: k.Label, Group: k.Group}
		for _, r := range rs {
			if c := k.Of(r.Report); c.Set {
				out[i].Value += c.Value
				out[i].Reports++
			}
		}
	}
	return out
}

func totalOf(ts []total, id string) total {
	for _, t := range ts {
		if t.ID == id {
			return t
		}
	}
	return total{}
}

// outcomeChart draws how applications ended, from totals or one report.
func outcomeChart(id, title string, ts []total) template.HTML {
	b := chart.Bars{ID: id, Title: title, Unit: "件"}
	for _, o := range report.OutcomeFigures {
		t := totalOf(ts, o)
		b.Labels = append(b.Labels, t.Label)
		b.Values = append(b.Values, chart.Value{V: t.Value, OK: t.Reports > 0})
	}
	return b.Render()
}

// applicantChart draws who applied: 自然人 and the five kinds of
// organisation, from 一、本年新收 of table 三.
func applicantChart(id, title string, rs []*reportNode) template.HTML {
	b := chart.Bars{ID: id, Title: title, Unit: "件"}
	for c := 0; c < report.ColTotal; c++ {
		var v chart.Value
		for _, r := range rs {
			if cell := r.Table3.Get(report.RowNew, c); cell.Set {
				v.V += cell.Value
				v.OK = true
			}
		}
		b.Labels = append(b.Labels, report.Table3Columns[c])
		b.Values = append(b.Values, v)
	}
	return b.Render()
}

// appealChart draws the outcomes of reviews and lawsuits (table 四).
func appealChart(id, title string, rs []*reportNode) template.HTML {
	l := chart.Bars{ID: id, Title: title, Unit: "件"}
	for gi, g := range report.Table4Groups {
		for ci, c := range report.Table4Columns[:4] {
			var v chart.Value
			for _, r := range rs {
				if cell := r.Table4.Get(gi, ci); cell.Set {
					v.V += cell.Value
					v.OK = true
				}
			}
			l.Labels = append(l.Labels, g+"："+c)
			l.Values = append(l.Values, v)
		}
	}
	return l.Render()
}

func isHant(s string) bool { return render.IsTraditional(s) }
