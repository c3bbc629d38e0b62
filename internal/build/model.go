package build

import (
	"cmp"
	"slices"
	"strconv"
	"sync"

	"sitegen/internal/render"
	"sitegen/internal/report"
)

// model is the content arranged the ways the portal is browsed: by agency,
// by year, by region. It is built once per build and only read afterwards.
type model struct {
	site     *report.Site
	findings map[string][]report.Finding // by content file
	agencies []*agencyNode               // by region path then name
	byKey    map[string]*agencyNode
	years    []*yearNode // newest first
	regions  *regionNode // the root: provinces below
	reports  []*reportNode
	sumOnce  sync.Once
	sum      render.Sum // see contentSum
}

type agencyNode struct {
	*report.Agency
	reports []*reportNode // by year
	region  *regionNode   // the lowest region the agency sits in
}

type reportNode struct {
	*report.Report
	agency     *agencyNode
	prev, next *reportNode // same agency, neighbouring report years
}

type yearNode struct {
	year    int
	reports []*reportNode // by region path then agency name
}

type regionNode struct {
	name     string
	level    int // 0 root, 1 province, 2 city, 3 district
	path     string
	parent   *regionNode
	children []*regionNode
	agencies []*agencyNode // sitting directly here
	byName   map[string]*regionNode
}

func newModel(site *report.Site, findings []report.Finding) *model {
	m := &model{site: site, findings: map[string][]report.Finding{}, byKey: map[string]*agencyNode{},
		regions: &regionNode{byName: map[string]*regionNode{}}}
	for _, f := range findings {
		m.findings[f.File] = append(m.findings[f.File], f)
	}
	for _, a := range site.Agencies {
		n := &agencyNode{Agency: a}
		n.region = m.regions.place(a.Region.Path())
		n.region.agencies = append(n.region.agencies, n)
		m.byKey[a.Key] = n
		m.agencies = append(m.agencies, n)
	}
	slices.SortFunc(m.agencies, compareAgencies)
	years := map[int]*yearNode{}
	for _, r := range site.Reports {
		a := m.byKey[r.Agency]
		if a == nil {
			continue // F4 has already failed the build
		}
		n := &reportNode{Report: r, agency: a}
		a.reports = append(a.reports, n)
		m.reports = append(m.reports, n)
		y := years[r.Year]
		if y == nil {
			y = &yearNode{year: r.Year}
			years[r.Year] = y
			m.years = append(m.years, y)
		}
		y.reports = append(y.reports, n)
	}
	for _, a := range m.agencies {
		slices.SortFunc(a.reports, func(x, y *reportNode) int { return cmp.Compare(x.Year, y.Year) })
		for i, r := range a.reports {
			if i > 0 {
				r.prev = a.reports[i-1]
				a.reports[i-1].next = r
			}
		}
	}
	slices.SortFunc(m.years, func(x, y *yearNode) int { return cmp.Compare(y.year, x.year) })
	for _, y := range m.years {
		slices.SortFunc(y.reports, func(x, y *reportNode) int { return compareAgencies(x.agency, y.agency) })
	}
	slices.SortFunc(m.reports, func(x, y *reportNode) int {
		return cmp.Or(cmp.Compare(x.Year, y.Year), compareAgencies(x.agency, y.agency))
	})
	m.regions.sort()
	return m
}

func compareAgencies(x, y *agencyNode) int {
	return cmp.Or(slices.Compare(x.Region.Path(), y.Region.Path()),
		cmp.Compare(x.DisplayName(), y.DisplayName()), cmp.Compare(x.Key, y.Key))
}

// place returns the region node of a path, creating the nodes on the way.
func (n *regionNode) place(path []string) *regionNode {
	for _, name := range path {
		c := n.byName[name]
		if c == nil {
			c = &regionNode{name: name, level: n.level + 1, parent: n, byName: map[string]*regionNode{}}
			n.byName[name] = c
			n.children = append(n.children, c)
		}
		n = c
	}
	return n
}

// sort orders the tree and gives each region its path: the pinyin of its
// name under its parent's. Names that read alike (山西省 and 陕西省 are both
// shan-xi-sheng) are told apart by a number, given in name order so that
// it does not depend on the order the agencies were read in.
func (n *regionNode) sort() {
	slices.SortFunc(n.children, func(x, y *regionNode) int { return cmp.Compare(x.name, y.name) })
	slices.SortFunc(n.agencies, compareAgencies)
	used := map[string]int{}
	for _, c := range n.children {
		slug := report.Slug(c.name)
		used[slug]++
		if k := used[slug]; k > 1 {
			slug += "-" + strconv.Itoa(k)
		}
		c.path = n.path + slug + "/"
		c.sort()
	}
}

// all returns the agencies of the region and of every region below it.
func (n *regionNode) all() []*agencyNode {
	out := slices.Clone(n.agencies)
	for _, c := range n.children {
		out = append(out, c.all()...)
	}
	slices.SortFunc(out, compareAgencies)
	return out
}

// trail returns the regions from the province down to n.
func (n *regionNode) trail() []*regionNode {
	var out []*regionNode
	for r := n; r != nil && r.level > 0; r = r.parent {
		out = append([]*regionNode{r}, out...)
	}
	return out
}

// Output paths (relative to the output root, directories end in /).
func reportPath(r *report.Report) string {
	return "reports/" + strconv.Itoa(r.Year) + "/" + r.Agency + "/"
}
func agencyPath(key string) string    { return "agencies/" + key + "/" }
func yearPath(y int) string           { return "years/" + strconv.Itoa(y) + "/" }
func regionPath(n *regionNode) string { return "regions/" + n.path }
