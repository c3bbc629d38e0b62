package build

import (
	"testing"

	"sitegen/assets"
	"sitegen/internal/render"
	"sitegen/internal/report"
	"sitegen/templates"
)

// TestRegionPaths wants regions whose names read alike in pinyin (山西省
// and 陕西省) to get distinct paths, the same whatever order the agencies
// come in, and no two outputs of a plan to share a path.
func TestRegionPaths(t *testing.T) {
	agencies := []*report.Agency{
		{Key: "a", Name: "陕西省财政厅", Region: report.Region{Province: "陕西省"}},
		{Key: "b", Name: "山西省财政厅", Region: report.Region{Province: "山西省"}},
		{Key: "c", Name: "太原市财政局", Region: report.Region{Province: "山西省", City: "太原市"}},
	}
	want := map[string]string{"山西省": "shan-xi-sheng/", "陕西省": "shan-xi-sheng-2/", "太原市": "shan-xi-sheng/tai-yuan-shi/"}
	for round := range 20 {
		site := &report.Site{Agencies: map[string]*report.Agency{}}
		for _, a := range agencies {
			site.Agencies[a.Key] = a
		}
		m := newModel(site, nil)
		var walk func(n *regionNode)
		walk = func(n *regionNode) {
			for _, c := range n.children {
				if c.path != want[c.name] {
					t.Fatalf("round %d: %s at %q, want %q", round, c.name, c.path, want[c.name])
				}
				walk(c)
			}
		}
		walk(m.regions)
		if round == 0 {
			r, err := render.New(templates.FS, assets.FS, render.Options{BaseURL: "/"})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, j := range plan(m, r) {
				if seen[j.path] {
					t.Errorf("two outputs at %s", j.path)
				}
				seen[j.path] = true
			}
		}
	}
}
