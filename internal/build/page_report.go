package build

import (
	"html/template"
	"io"
	"strconv"

	"sitegen/internal/render/opendata"
	"sitegen/internal/report"
)

type reportView struct {
	Report    *report.Report
	Agency    Link
	AgencyRec *report.Agency
	Layout    string
	Sections  []sectionView
	Findings  []findingView
	Counts    struct{ Recorded, Warnings int }
	Prev      *Link
	Next      *Link
	Changes   *Link
	Downloads []Link
	Years     []Link // the agency's other reports
}

type sectionView struct {
	ID      string
	Heading string
	Lang    bool // heading in traditional characters
	Body    template.HTML
	Table   *grid
	Charts  []template.HTML
	Missing bool // the report has no such section
}

var layoutNames = map[string]string{
	"2019":  "2019 年版格式（国办公开办函〔2019〕60号）",
	"2021":  "2021 年版格式（国办公开办函〔2021〕30号）",
	"mixed": "混用 2019 年版与 2021 年版格式",
}

func (v *views) report(n *reportNode) (*Page, error) {
	r := n.Report
	fs := v.m.findings[r.File]
	rv := &reportView{Report: r, Agency: agencyLink(n.agency), AgencyRec: n.agency.Agency, Layout: layoutNames[r.Layout()]}
	var at map[report.Pos][]int
	rv.Findings, at = findingViews(fs)
	for _, f := range rv.Findings {
		if f.Class == "recorded" {
			rv.Counts.Recorded++
		} else {
			rv.Counts.Warnings++
		}
	}
	sections, err := v.sections(n, at)
	if err != nil {
		return nil, err
	}
	rv.Sections = sections
	for i := range rv.Findings {
		f := &rv.Findings[i]
		if cellAt(sections, fs[i]) {
			f.Cell = cellID(report.Pos{Line: fs[i].Line, Col: fs[i].Col})
		} else if s := sectionAt(r, fs[i].Line); s != "" {
			f.Section = s
		}
	}
	if n.prev != nil {
		l := reportLink(n.prev)
		rv.Prev = &l
		rv.Changes = &Link{Text: "与" + strconv.Itoa(n.prev.Year) + "年报告比较", Path: reportPath(r) + "changes/"}
	}
	if n.next != nil {
		l := reportLink(n.next)
		rv.Next = &l
	}
	for _, o := range n.agency.reports {
		if o != n {
			rv.Years = append(rv.Years, Link{Text: strconv.Itoa(o.Year) + "年", Path: reportPath(o.Report)})
		}
	}
	rv.Downloads = []Link{
		{Text: "JSON 数据", Path: reportPath(r) + "report.json", Note: "与 sitegen import --json 格式相同"},
		{Text: "CSV 表格", Path: reportPath(r) + "report.csv", Note: "按国家规定格式排列，UTF-8 编码"},
	}
	title := r.Title
	if title == "" {
		title = n.agency.DisplayName() + strconv.Itoa(r.Year) + "年政府信息公开工作年度报告"
	}
	return &Page{
		Title: title, Nav: "agencies",
		Desc:   n.agency.DisplayName() + strconv.Itoa(r.Year) + "年政府信息公开工作年度报告：主动公开、依申请公开、行政复议和行政诉讼情况。",
		Crumbs: append(regionCrumbs(n.agency.region), agencyLink(n.agency)),
		Data:   rv,
	}, nil
}

// sections renders the six sections in form order (and the preamble),
// with each table in its section and the charts of table 三.
func (v *views) sections(n *reportNode, at map[report.Pos][]int) ([]sectionView, error) {
	r := n.Report
	var out []sectionView
	if pre := r.Section(""); pre != nil && pre.Body != "" {
		body, err := v.r.Markdown(pre.Body, r.AllowHTML)
		if err != nil {
			return nil, err
		}
		out = append(out, sectionView{ID: "preamble", Body: body})
	}
	for _, def := range report.Sections {
		sv := sectionView{ID: sectionID(def.Num), Heading: def.Heading()}
		if s := r.Section(def.Num); s != nil {
			sv.Heading = sectionHeading(def.Num, s.Title)
			sv.Lang = isHant(s.Title)
			body, err := v.r.Markdown(s.Body, r.AllowHTML)
			if err != nil {
				return nil, err
			}
			sv.Body = body
		} else if def.Table == 0 {
			sv.Missing = true
		}
		switch def.Table {
		case 2:
			sv.Table = table2Grid(r.Table2, at)
		case 3:
			sv.Table = table3Grid(r.Table3, at)
			if r.Table3 != nil {
				one := []*reportNode{n}
				sv.Charts = []template.HTML{
					outcomeChart("chart-outcomes", "本年度办理结果", sumFigures(one)),
					applicantChart("chart-applicants", "本年新收申请的申请人", one),
				}
			}
		case 4:
			sv.Table = table4Grid(r.Table4, at)
		}
		if sv.Table == nil && def.Table != 0 && r.Section(def.Num) == nil {
			sv.Missing = true
		}
		out = append(out, sv)
	}
	return out, nil
}

// cellAt reports whether a finding points at a cell shown in a table.
func cellAt(ss []sectionView, f report.Finding) bool {
	id := cellID(report.Pos{Line: f.Line, Col: f.Col})
	for _, s := range ss {
		if s.Table == nil {
			continue
		}
		for _, rows := range [][][]gcell{s.Table.Head, s.Table.Body} {
			for _, row := range rows {
				for _, c := range row {
					if c.ID == id {
						return true
					}
				}
			}
		}
	}
	return false
}

// sectionAt returns the id of the section holding a line of the content
// file, "" when the line is in the front matter.
func sectionAt(r *report.Report, line int) string {
	id := ""
	for _, s := range r.Sections {
		if s.Line <= line {
			id = sectionID(s.Num)
		}
	}
	return id
}

func (v *views) reportJSON(w io.Writer, n *reportNode) error {
	data, err := report.OpenData(n.Report, n.agency.Agency, v.m.findings[n.File]).MarshalJSON()
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func (v *views) reportCSV(w io.Writer, n *reportNode) error {
	return opendata.ReportCSV(w, n.Report, n.agency.Agency)
}

// sectionID is the anchor of a section: s1 … s6, preamble for the text
// before the first heading.
func sectionID(num string) string {
	for i, def := range report.Sections {
		if def.Num == num {
			return "s" + strconv.Itoa(i+1)
		}
	}
	return "preamble"
}

// sectionHeading is a section's heading as the report writes it, or as
// the form prints it when the report gives none; the text before the
// first heading is 前言.
func sectionHeading(num, title string) string {
	switch {
	case title != "":
		return title
	case num == "":
		return "前言"
	}
	for _, def := range report.Sections {
		if def.Num == num {
			return def.Heading()
		}
	}
	return num
}
