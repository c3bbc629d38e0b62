package build

import (
	"bytes"
	"encoding/json"
	"io"

	"sitegen/internal/render"
)

// plan lists every output of the site. Pages are rendered by their jobs,
// lazily, so the plan itself is cheap.
func plan(m *model, r *render.Renderer) []job {
	v := &views{m: m, r: r, portal: newPortal(m, r)}
	var jobs []job
	page := func(path, tmpl string, data func() (*Page, error)) {
		jobs = append(jobs, job{path: path, make: func(w io.Writer) error {
			p, err := data()
			if err != nil {
				return err
			}
			p.Path = path
			p.Portal = v.portal
			return r.Page(w, tmpl, p)
		}})
	}
	file := func(path string, make func(w io.Writer) error) {
		jobs = append(jobs, job{path: path, make: make})
	}

	// The whole-dataset files are the largest jobs: start them first so
	// they do not run alone at the end.
	jobs = append(jobs, v.dataFiles()...)
	for _, a := range r.Assets() {
		data := a.Data
		file(a.Path, func(w io.Writer) error { _, err := w.Write(data); return err })
	}
	page("", "home", v.home)
	page("404.html", "404", v.notFound)
	page("about/", "about", v.about)
	page("compare/", "compare", v.compare)
	page("search/", "search", v.searchPage)
	page("data/", "data", v.data)
	page("agencies/", "agencies", v.agencyIndex)
	page("years/", "years", v.yearIndex)
	page("regions/", "region", func() (*Page, error) { return v.region(m.regions) })

	for _, rep := range m.reports {
		page(reportPath(rep.Report), "report", func() (*Page, error) { return v.report(rep) })
		if rep.prev != nil {
			page(reportPath(rep.Report)+"changes/", "changes", func() (*Page, error) { return v.changes(rep) })
		}
		file(reportPath(rep.Report)+"report.json", func(w io.Writer) error { return v.reportJSON(w, rep) })
		file(reportPath(rep.Report)+"report.csv", func(w io.Writer) error { return v.reportCSV(w, rep) })
	}
	for _, a := range m.agencies {
		page(agencyPath(a.Key), "agency", func() (*Page, error) { return v.agency(a) })
		file(agencyPath(a.Key)+"figures.json", func(w io.Writer) error { return v.agencyFiguresJSON(w, a) })
		file(agencyPath(a.Key)+"figures.csv", func(w io.Writer) error { return v.agencyFiguresCSV(w, a) })
	}
	for _, y := range m.years {
		page(yearPath(y.year), "year", func() (*Page, error) { return v.year(y) })
		file(yearPath(y.year)+"figures.csv", func(w io.Writer) error { return v.yearFiguresCSV(w, y) })
	}
	var walk func(n *regionNode)
	walk = func(n *regionNode) {
		for _, c := range n.children {
			page(regionPath(c), "region", func() (*Page, error) { return v.region(c) })
			walk(c)
		}
	}
	walk(m.regions)
	return jobs
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
