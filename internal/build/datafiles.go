package build

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"sitegen/internal/render/opendata"
	"sitegen/internal/report"
)

// dataFiles are the whole-dataset downloads, the catalogue the compare
// tool reads, and the files search engines and feed readers look for.
func (v *views) dataFiles() []job {
	rows := func() []opendata.Row { return datasetRows(v.m.reports) }
	jobs := []job{
		{path: "data/reports.json", make: v.allJSON},
		{path: "data/table2.csv", make: func(w io.Writer) error { return opendata.Table2CSV(w, rows()) }},
		{path: "data/table3.csv", make: func(w io.Writer) error { return opendata.Table3CSV(w, rows()) }},
		{path: "data/table4.csv", make: func(w io.Writer) error { return opendata.Table4CSV(w, rows()) }},
		{path: "data/figures.csv", make: func(w io.Writer) error { return writeFiguresCSV(w, v.m.reports) }},
		{path: "data/agencies.json", make: v.catalogue},
		{path: "data/report.schema.json", make: func(w io.Writer) error { _, err := w.Write(report.ReportSchema()); return err }},
		{path: "data/agency.schema.json", make: func(w io.Writer) error { _, err := w.Write(report.AgencySchema()); return err }},
		{path: "robots.txt", make: func(w io.Writer) error { return opendata.Robots(w, v.sitemapURL()) }},
	}
	// Sitemaps and Atom feeds need absolute URLs.
	if v.r.HasAbsBase() {
		jobs = append(jobs, job{path: "sitemap.xml", make: v.sitemap}, job{path: "feed.xml", make: v.feed})
	}
	return jobs
}

// allJSON streams every report's open data as one JSON array.
func (v *views) allJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("[\n")
	for i, r := range v.m.reports {
		if i > 0 {
			bw.WriteString(",\n")
		}
		data, err := report.OpenData(r.Report, r.agency.Agency, v.m.findings[r.File]).MarshalJSON()
		if err != nil {
			return err
		}
		bw.Write(data)
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

type catalogue struct {
	Figures  []catalogueFigure `json:"figures"`
	Years    []int             `json:"years"`
	Agencies []catalogueAgency `json:"agencies"`
}

type catalogueFigure struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Group string `json:"group"`
}

type catalogueAgency struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Region  []string `json:"region"`
	Level   string   `json:"level,omitempty"`
	Years   []int    `json:"years"`
	Figures string   `json:"figures"`
	Page    string   `json:"page"`
}

// catalogue is what the compare tool loads first: the figures it offers
// and every agency with its years; it then fetches each chosen agency's
// figures.json.
func (v *views) catalogue(w io.Writer) error {
	c := catalogue{Years: v.portal.Years}
	for _, k := range report.KeyFigures {
		c.Figures = append(c.Figures, catalogueFigure{k.ID, k.Label, k.Group})
	}
	for _, a := range v.m.agencies {
		region := a.Region.Path()
		if region == nil {
			region = []string{}
		}
		c.Agencies = append(c.Agencies, catalogueAgency{Key: a.Key, Name: a.DisplayName(), Region: region, Level: a.Level,
			Years: yearList(a), Figures: v.r.URL(agencyPath(a.Key) + "figures.json"), Page: v.r.URL(agencyPath(a.Key))})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(c)
}

func (v *views) sitemapURL() string {
	if !v.r.HasAbsBase() {
		return ""
	}
	return v.r.AbsURL("sitemap.xml")
}

func (v *views) sitemap(w io.Writer) error {
	var urls []opendata.URL
	add := func(p, lastmod string) { urls = append(urls, opendata.URL{Loc: v.r.AbsURL(p), LastMod: lastmod}) }
	for _, p := range []string{"", "about/", "compare/", "data/", "agencies/", "years/", "regions/"} {
		add(p, "")
	}
	for _, r := range v.m.reports {
		add(reportPath(r.Report), r.Published)
		if r.prev != nil {
			add(reportPath(r.Report)+"changes/", r.Published)
		}
	}
	for _, a := range v.m.agencies {
		add(agencyPath(a.Key), "")
	}
	for _, y := range v.m.years {
		add(yearPath(y.year), "")
	}
	var walk func(n *regionNode)
	walk = func(n *regionNode) {
		for _, c := range n.children {
			add(regionPath(c), "")
			walk(c)
		}
	}
	walk(v.m.regions)
	return opendata.Sitemap(w, urls)
}

// feed is an Atom feed of the reports, newest publication first.
func (v *views) feed(w io.Writer) error {
	var entries []opendata.Entry
	var updated time.Time
	for _, r := range v.m.reports {
		t, err := time.Parse(time.DateOnly, published(r))
		if err != nil {
			continue
		}
		if t.After(updated) {
			updated = t
		}
		title := r.Title
		if title == "" {
			title = reportLink(r).Text + "政府信息公开工作年度报告"
		}
		entries = append(entries, opendata.Entry{ID: v.r.AbsURL(reportPath(r.Report)), Title: title,
			URL: v.r.AbsURL(reportPath(r.Report)), Author: r.agency.DisplayName(), Published: t, Updated: t,
			Summary: r.agency.DisplayName() + strconv.Itoa(r.Year) + "年政府信息公开工作年度报告"})
	}
	meta := opendata.FeedMeta{Title: portalName, ID: v.r.AbsURL(""), SelfURL: v.r.AbsURL("feed.xml"), SiteURL: v.r.AbsURL(""), Updated: updated}
	return opendata.Feed(w, meta, entries)
}
