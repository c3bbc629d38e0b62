package search

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestUpdateEqualsBuild updates an index built from one set of documents
// to another and wants every static file to equal, byte for byte, what a
// Build of the second set writes, and Bleve's own search over the updated
// index to rank as over the built one. Only the changed documents are
// analysed.
func TestUpdateEqualsBuild(t *testing.T) {
	t.Parallel()
	base := synthDocs(t, 30, 11, 4)
	edit := func(f func(docs []Doc) []Doc) []Doc {
		return f(slices.Clone(base))
	}
	unique := Doc{URL: "reports/2019/gone/#s1", Title: "撤销机关 2019年", Agency: "撤销机关", Region: []string{"广东省", "第2市"},
		Year: 2019, Level: "市级", Layout: "2019", Section: "一、总体情况", Order: 1, Text: "鑫淼犇骉，本机关已撤销。"}
	cases := []struct {
		name             string
		from, docs       []Doc // from: base when nil
		indexed, deleted int
		updated          bool
	}{
		{"nothing changed", nil, base, 0, 0, true},
		{"text edited", nil, edit(func(d []Doc) []Doc {
			d[5].Text += "本年度新增一项工作：建立健全政务公开制度。"
			return d
		}), 1, 0, true},
		{"a term new to the corpus", nil, edit(func(d []Doc) []Doc {
			d[7].Text = "鑫淼犇骉 " + d[7].Text
			d[8].Labels = append(slices.Clone(d[8].Labels), "鱻龘")
			return d
		}), 2, 0, true},
		{"the last holder of terms edited away", nil, edit(func(d []Doc) []Doc {
			d[3].Text = "无"
			return d
		}), 1, 0, true},
		{"a report added", nil, append(edit(func(d []Doc) []Doc { return d }), Doc{
			URL: "reports/2018/new/#s1", Title: "新设机关 2018年", Agency: "新设机关", Region: []string{"广东省", "第1市"},
			Year: 2018, Level: "市级", Layout: "2019", Section: "一、总体情况", Order: 1, Text: "新设机关首次发布年度报告。"}),
			1, 0, true},
		{"a section removed", nil, edit(func(d []Doc) []Doc { return slices.Delete(d, 10, 11) }), 0, 1, true},
		{"the only holder of terms removed", append(slices.Clone(base), unique), base, 0, 1, true},
		{"a facet changed", nil, edit(func(d []Doc) []Doc {
			d[12].Layout = "mixed"
			return d
		}), 1, 1, true},
		{"most changed: built anew", nil, edit(func(d []Doc) []Doc {
			for i := range d {
				d[i].Text += "。"
			}
			return d
		}), len(base), 0, false},
	}
	basePrev := t.TempDir()
	if _, err := Build(context.Background(), base, basePrev); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prev := basePrev
			if c.from != nil {
				prev = t.TempDir()
				if _, err := Build(context.Background(), c.from, prev); err != nil {
					t.Fatal(err)
				}
			}
			got, want := t.TempDir(), t.TempDir()
			st, err := Update(context.Background(), c.docs, prev, got)
			if err != nil {
				t.Fatal(err)
			}
			if st.Updated != c.updated || st.Indexed != c.indexed || st.Deleted != c.deleted {
				t.Errorf("updated %t, indexed %d, deleted %d; want %t, %d, %d",
					st.Updated, st.Indexed, st.Deleted, c.updated, c.indexed, c.deleted)
			}
			if _, err := Build(context.Background(), c.docs, want); err != nil {
				t.Fatal(err)
			}
			compareTrees(t, got, want)
			segs, _ := filepath.Glob(filepath.Join(got, IndexDir, "store", "*.zap"))
			if len(segs) != 1 {
				t.Errorf("the updated index is %d segments, want 1", len(segs))
			}
			compareSearch(t, got, want, append(slices.Clone(fixedQueries), "鑫淼", "鱻龘", "新设机关"))
			// The updated directory is itself a base for the next update.
			again := t.TempDir()
			st, err = Update(context.Background(), c.docs, got, again)
			if err != nil {
				t.Fatal(err)
			}
			if !st.Updated || st.Indexed+st.Deleted != 0 {
				t.Errorf("updating again with the same documents: updated %t, indexed %d, deleted %d", st.Updated, st.Indexed, st.Deleted)
			}
			compareTrees(t, again, want)
		})
	}
}

// TestUpdateWithoutIndex builds anew when the previous directory has no
// index to start from.
func TestUpdateWithoutIndex(t *testing.T) {
	t.Parallel()
	docs := tinyDocs()
	got, want := t.TempDir(), t.TempDir()
	st, err := Update(context.Background(), docs, filepath.Join(t.TempDir(), "missing"), got)
	if err != nil {
		t.Fatal(err)
	}
	if st.Updated || st.Indexed != len(docs) {
		t.Errorf("updated %t, indexed %d; want a build of %d", st.Updated, st.Indexed, len(docs))
	}
	if _, err := Build(context.Background(), docs, want); err != nil {
		t.Fatal(err)
	}
	compareTrees(t, got, want)
}

// compareTrees wants the static files of two search directories equal.
func compareTrees(t *testing.T, got, want string) {
	t.Helper()
	list := func(root string) map[string][]byte {
		out := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			if d.IsDir() && d.Name() == IndexDir {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				out[rel] = data
			}
			return nil
		})
		return out
	}
	g, w := list(got), list(want)
	var diff []string
	for rel, data := range w {
		if gd, ok := g[rel]; !ok {
			diff = append(diff, "missing "+rel)
		} else if !bytes.Equal(gd, data) {
			diff = append(diff, "differs "+rel)
		}
	}
	for rel := range g {
		if _, ok := w[rel]; !ok {
			diff = append(diff, "extra "+rel)
		}
	}
	slices.Sort(diff)
	if len(diff) > 0 {
		t.Errorf("%d of %d files differ from a build: %s", len(diff), len(w), strings.Join(diff[:min(len(diff), 8)], ", "))
	}
}

// compareSearch wants Bleve's answers over two indexes alike: hits,
// documents, scores to the bit, and totals.
func compareSearch(t *testing.T, got, want string, queries []string) {
	t.Helper()
	gi, err := Open(got)
	if err != nil {
		t.Fatal(err)
	}
	defer gi.Close()
	wi, err := Open(want)
	if err != nil {
		t.Fatal(err)
	}
	defer wi.Close()
	for _, q := range queries {
		g, err := gi.Search(context.Background(), q, 20)
		if err != nil {
			t.Fatal(err)
		}
		w, err := wi.Search(context.Background(), q, 20)
		if err != nil {
			t.Fatal(err)
		}
		if g.Total != w.Total || len(g.Hits) != len(w.Hits) {
			t.Errorf("%q: %d hits of %d, want %d of %d", q, len(g.Hits), g.Total, len(w.Hits), w.Total)
			continue
		}
		for i := range w.Hits {
			if g.Hits[i].ID != w.Hits[i].ID || g.Hits[i].Doc != w.Hits[i].Doc ||
				math.Float64bits(g.Hits[i].Score) != math.Float64bits(w.Hits[i].Score) {
				t.Errorf("%q: hit %d is %d (%v), want %d (%v)", q, i, g.Hits[i].Doc, g.Hits[i].Score, w.Hits[i].Doc, w.Hits[i].Score)
				break
			}
		}
	}
}
