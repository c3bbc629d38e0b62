package report

import (
	"fmt"
	"strings"
)

// NewReport returns an empty report of an agency for a year, in the layout
// the form prescribes for that year: every table present with blank cells
// for a person to fill in, and the three narrative sections.
func NewReport(agencyKey string, year int) *Report {
	l := DefaultLayout(year)
	r := &Report{Agency: agencyKey, Year: year}
	r.Table2 = &Table2{Layout: l, Rows: map[string]map[string]Cell{}}
	for _, def := range Table2Rows[l] {
		r.Table2.Rows[def.Label] = map[string]Cell{}
	}
	r.Table3 = &Table3{Layout: l, Rows: map[string][]Cell{}}
	r.Table4 = &Table4{}
	for _, s := range Sections {
		if s.Table == 0 {
			r.Sections = append(r.Sections, Section{Num: s.Num, Title: s.Heading()})
		}
	}
	return r
}

// NewAgency returns the record of an agency known only by name. A name
// with a second nameplate in brackets, 淮北市人民政府办公室（外事办公室）, is
// recorded under its first name, with the whole as an alias.
func NewAgency(name string) *Agency {
	primary := PrimaryName(name)
	a := &Agency{Key: Slug(primary), Name: primary}
	if primary != name {
		a.Aliases = []string{name}
	}
	return a
}

// PrimaryName drops a bracketed second nameplate from the end of an agency
// name: 淮北市人民政府办公室（外事办公室） → 淮北市人民政府办公室.
func PrimaryName(name string) string {
	name = strings.TrimSpace(name)
	for _, br := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasSuffix(name, br[1]) {
			if i := strings.LastIndex(name, br[0]); i > 0 {
				return strings.TrimSpace(name[:i])
			}
		}
	}
	return name
}

// FormatAgency writes an agency record as content/agencies/<key>.yaml holds it.
func FormatAgency(a *Agency) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# content/agencies/%s.yaml\n", a.Key)
	w("name: %s\n", yamlString(a.Name))
	if len(a.Aliases) == 0 {
		w("aliases: []\n")
	} else {
		w("aliases:\n")
		for _, al := range a.Aliases {
			w("  - %s\n", yamlString(al))
		}
	}
	if a.Description != "" {
		w("description: %s\n", yamlString(a.Description))
	}
	w("region:            # province → city → district; null where unknown\n")
	w("  province: %s\n  city: %s\n  district: %s\n", yamlString(a.Region.Province), yamlString(a.Region.City), yamlString(a.Region.District))
	w("level: %s        # %s\n", yamlString(a.Level), strings.Join(Levels, " | "))
	w("parent: %s\n", yamlString(a.Parent))
	w("website: %s\n", yamlString(a.Website))
	return []byte(b.String())
}
