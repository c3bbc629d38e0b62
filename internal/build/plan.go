package build

import (
	"bytes"
	"encoding/json"
	"io"

	"sitegen/internal/render"
)

// job makes one output file. deps writes into a fingerprint everything the
// output is made from: the content files it reads, the template files its
// page type uses, the assets its page links to, the portal-wide figures
// every page shows. An output whose fingerprint is the one recorded at the
// last build is not made again (see incremental.go).
type job struct {
	path string
	make func(w io.Writer) error
	deps func(d *deps)
}

// plan lists every output of the site. Pages are rendered by their jobs,
// lazily, so the plan itself is cheap.
func plan(m *model, r *render.Renderer) []job {
	v := &views{m: m, r: r, portal: newPortal(m, r)}
	portal := portalSum(v.portal)
	assets := r.AssetsSum()
	var jobs []job
	page := func(path, tmpl string, data func() (*Page, error), more func(d *deps)) {
		tsum := r.TemplateSum(tmpl)
		jobs = append(jobs, job{path: path, make: func(w io.Writer) error {
			p, err := data()
			if err != nil {
				return err
			}
			p.Path = path
			p.Portal = v.portal
			return r.Page(w, tmpl, p)
		}, deps: func(d *deps) {
			d.sum(tsum)
			d.sum(assets)
			d.sum(portal)
			if more != nil {
				more(d)
			}
		}})
	}
	file := func(path string, make func(w io.Writer) error, more func(d *deps)) {
		jobs = append(jobs, job{path: path, make: make, deps: more})
	}
	all := func(d *deps) { d.all(m) }

	// The whole-dataset files are the largest jobs: start them first so
	// they do not run alone at the end.
	for _, j := range v.dataFiles() {
		file(j.path, j.make, all)
	}
	for _, a := range r.Assets() {
		data := a.Data
		file(a.Path, func(w io.Writer) error { _, err := w.Write(data); return err }, func(d *deps) { d.bytes(data) })
	}
	page("", "home", v.home, all)
	page("404.html", "404", v.notFound, nil)
	page("about/", "about", v.about, nil)
	page("compare/", "compare", v.compare, nil)
	page("search/", "search", v.searchPage, nil)
	page("data/", "data", v.data, nil)
	page("agencies/", "agencies", v.agencyIndex, all)
	page("years/", "years", v.yearIndex, all)
	page("regions/", "region", func() (*Page, error) { return v.region(m.regions) }, all)

	for _, rep := range m.reports {
		// A report's page shows its findings, which the previous report
		// takes part in (carry-overs), and links to its neighbours.
		own := func(d *deps) { d.report(rep); d.report(rep.prev); d.report(rep.next) }
		page(reportPath(rep.Report), "report", func() (*Page, error) { return v.report(rep) }, own)
		if rep.prev != nil {
			page(reportPath(rep.Report)+"changes/", "changes", func() (*Page, error) { return v.changes(rep) }, own)
		}
		file(reportPath(rep.Report)+"report.json", func(w io.Writer) error { return v.reportJSON(w, rep) }, own)
		file(reportPath(rep.Report)+"report.csv", func(w io.Writer) error { return v.reportCSV(w, rep) }, own)
	}
	for _, a := range m.agencies {
		reports := func(d *deps) {
			d.agency(a)
			for _, rep := range a.reports {
				d.report(rep)
			}
		}
		page(agencyPath(a.Key), "agency", func() (*Page, error) { return v.agency(a) }, reports)
		file(agencyPath(a.Key)+"figures.json", func(w io.Writer) error { return v.agencyFiguresJSON(w, a) }, reports)
		file(agencyPath(a.Key)+"figures.csv", func(w io.Writer) error { return v.agencyFiguresCSV(w, a) }, reports)
	}
	for _, y := range m.years {
		reports := func(d *deps) {
			for _, rep := range y.reports {
				d.report(rep)
			}
		}
		page(yearPath(y.year), "year", func() (*Page, error) { return v.year(y) }, reports)
		file(yearPath(y.year)+"figures.csv", func(w io.Writer) error { return v.yearFiguresCSV(w, y) }, reports)
	}
	var walk func(n *regionNode)
	walk = func(n *regionNode) {
		for _, c := range n.children {
			page(regionPath(c), "region", func() (*Page, error) { return v.region(c) }, func(d *deps) { d.region(c) })
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
