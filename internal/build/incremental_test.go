package build

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestIncremental edits, adds, deletes and renames content, templates and
// assets of a built site and builds again: the outputs the build says
// changed are exactly those listed in testdata/incremental/<case>.golden
// (refreshed with -update), they are the only files written, and the
// result equals a clean full build of the edited site.
func TestIncremental(t *testing.T) {
	const (
		r2020 = "content/reports/2020/ce-shi-shi-ce-shi-ju.md"
		r2021 = "content/reports/2021/ce-shi-shi-ce-shi-ju.md"
		other = "content/reports/2021/ce-shi-shi-ling-yi-ju.md"
	)
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, dir string)
	}{
		{"narrative", func(t *testing.T, dir string) {
			replace(t, dir, r2021, "我局持续推进政务公开。", "我局持续推进政务公开，新增两个栏目。")
		}},
		{"figure", func(t *testing.T, dir string) {
			replace(t, dir, r2021, "published: 2022-01-20", "published: 2022-01-21")
		}},
		{"same-bytes", func(t *testing.T, dir string) {
			replace(t, dir, r2021, "我局", "我局") // rewritten, unchanged
		}},
		{"add-report", func(t *testing.T, dir string) {
			src := read(t, dir, r2021)
			src = strings.ReplaceAll(src, "2021", "2022")
			src = strings.ReplaceAll(src, "published: 2022-01-20", "published: 2023-01-20")
			write(t, filepath.Join(dir, "content/reports/2022/ce-shi-shi-ce-shi-ju.md"), src)
		}},
		{"delete-report", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, other)); err != nil {
				t.Fatal(err)
			}
		}},
		{"rename-file", func(t *testing.T, dir string) {
			// Same report under another file name: the pages do not move.
			if err := os.Rename(filepath.Join(dir, r2020), filepath.Join(dir, "content/reports/2020/renamed.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{"agency-record", func(t *testing.T, dir string) {
			replace(t, dir, "content/agencies/ce-shi-shi-ling-yi-ju.yaml", "测试市另一局", "测试市另一个局")
		}},
		{"template-report", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "templates/report.html"), strings.Replace(embedded(t, "report.html"), `<article class="report">`, `<article class="report edited">`, 1))
		}},
		{"template-partial", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "templates/partials/grid.html"), strings.ReplaceAll(embedded(t, "partials/grid.html"), `<div class="table-scroll"`, `<div class="table-scroll edited"`))
		}},
		{"template-comment", func(t *testing.T, dir string) {
			// Rendered again, to the same bytes: nothing written.
			write(t, filepath.Join(dir, "templates/report.html"), "{{/* edited */}}"+embedded(t, "report.html"))
		}},
		{"css", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "assets/css/site.css"), embeddedAsset(t, "css/site.css")+"\n.edited{color:#000}\n")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, "small.txtar").build()
			before := snapshot(t, s.out)
			tc.edit(t, s.dir)
			s.build()
			if !s.res.Incremental {
				t.Fatal("the second build was not incremental")
			}
			var got strings.Builder
			for _, p := range s.res.Changed {
				got.WriteString(filepath.ToSlash(outputFile(p)) + "\n")
			}
			got.WriteString("-- removed --\n")
			for _, p := range s.res.Removed {
				got.WriteString(filepath.ToSlash(outputFile(p)) + "\n")
			}
			fmt.Fprintf(&got, "-- rendered %d, search rebuilt %v --\n", s.res.Rendered, s.res.Search)
			golden(t, filepath.Join("testdata", "incremental", tc.name+".golden"), got.String())

			// Only the changed outputs (and search files) were written.
			after := snapshot(t, s.out)
			changed := map[string]bool{}
			for _, p := range s.res.Changed {
				changed[filepath.ToSlash(outputFile(p))] = true
			}
			for p, st := range after {
				if strings.HasPrefix(p, "search/") && p != "search/index.html" {
					continue
				}
				if old, ok := before[p]; ok && old != st && !changed[p] {
					t.Errorf("%s was rewritten but is not listed as changed", p)
				}
			}

			// The result equals a clean full build.
			full := newSite(t, "small.txtar")
			full.dir = s.dir
			full.opt = s.opt
			full.opt.Out = filepath.Join(t.TempDir(), "full")
			full.opt.Full = true
			full.out = full.opt.Out
			full.build()
			sameTree(t, full.out, s.out)
		})
	}
}

// TestNothingChanged wants a second build of an unchanged site to render
// and write nothing.
func TestNothingChanged(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	before := snapshot(t, s.out)
	s.build()
	if !s.res.Incremental || s.res.Rendered != 0 || len(s.res.Changed) != 0 || s.res.Files != 0 || s.res.Search {
		t.Errorf("second build: incremental %v, rendered %d, changed %v, files %d, search %v",
			s.res.Incremental, s.res.Rendered, s.res.Changed, s.res.Files, s.res.Search)
	}
	if after := snapshot(t, s.out); !mapsEqual(before, after) {
		t.Error("the output directory changed")
	}
	// Without the state, the build is a full one again.
	s.opt.Full = true
	s.build()
	if s.res.Incremental || s.res.Rendered == 0 {
		t.Errorf("--full build: incremental %v, rendered %d", s.res.Incremental, s.res.Rendered)
	}
}

// fileState is what tells a rewritten file: its inode, time and size.
type fileState struct {
	ino  uint64
	mod  int64
	size int64
}

func snapshot(t *testing.T, root string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = fileState{ino: inode(info), mod: info.ModTime().UnixNano(), size: info.Size()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mapsEqual(a, b map[string]fileState) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// sameTree wants two output trees to hold the same files with the same
// bytes, the Bleve index's own files aside (they hold build times).
func sameTree(t *testing.T, want, got string) {
	t.Helper()
	list := func(root string) []string {
		var out []string
		for _, p := range listFiles(root) {
			if !strings.HasPrefix(p, "search/index.bleve/") {
				out = append(out, p)
			}
		}
		slices.Sort(out)
		return out
	}
	w, g := list(want), list(got)
	for _, p := range w {
		if !slices.Contains(g, p) {
			t.Errorf("incremental build lacks %s", p)
		}
	}
	for _, p := range g {
		if !slices.Contains(w, p) {
			t.Errorf("incremental build has %s, which a full build does not", p)
			continue
		}
		a, _ := os.ReadFile(filepath.Join(want, p))
		b, _ := os.ReadFile(filepath.Join(got, p))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a full build's", p)
		}
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s: got\n%s\nwant\n%s", path, got, want)
	}
}

func read(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, p))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func replace(t *testing.T, dir, p, old, new string) {
	t.Helper()
	src := read(t, dir, p)
	if !strings.Contains(src, old) {
		t.Fatalf("%s lacks %q", p, old)
	}
	write(t, filepath.Join(dir, p), strings.Replace(src, old, new, 1))
}

// TestDeferSearch wants a DeferSearch build to leave the search index to
// Builder.Search, which then brings the site to a full build's.
func TestDeferSearch(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	replace(t, s.dir, "content/reports/2021/ce-shi-shi-ce-shi-ju.md", "我局持续推进政务公开。", "我局持续推进政务公开，新增检索栏目。")
	s.opt.DeferSearch = true
	b := NewBuilder(s.opt)
	b.LoadState()
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Search || !res.Incremental {
		t.Fatalf("incremental %v, search rebuilt %v; want the search left for later", res.Incremental, res.Search)
	}
	// A cancelled Search leaves the index for the next, even after a
	// build with nothing changed.
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if sr, err := b.Search(cancelled); !errors.Is(err, context.Canceled) || sr != nil {
		t.Fatalf("a cancelled Search: %v, %v", sr, err)
	}
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	sr, err := b.Search(context.Background())
	if err != nil || sr == nil {
		t.Fatalf("Search: %v, %v", sr, err)
	}
	// One section's text changed: the index was updated with it alone.
	if !sr.SearchUpdated || sr.SearchIndexed != 1 || sr.SearchChanged == 0 {
		t.Errorf("Search updated %t, %d section(s) indexed, %d file(s) changed; want 1 section updated",
			sr.SearchUpdated, sr.SearchIndexed, sr.SearchChanged)
	}
	if sr, _ := b.Search(context.Background()); sr != nil {
		t.Error("a second Search did something")
	}
	full := *s
	full.opt.Out = filepath.Join(t.TempDir(), "full")
	full.opt.Full, full.opt.DeferSearch = true, false
	full.out = full.opt.Out
	full.build()
	sameTree(t, full.out, s.out)
}
