package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// These tests drive the watcher with real file-system events. To know
// that every event of an operation has been seen without relying on timing,
// each expectation writes a sentinel file after the operation and collects
// batches until the sentinel shows up: the kernel delivers a watcher's
// events in order.

const waitFor = 15 * time.Second

type harness struct {
	t    *testing.T
	root string
	w    *Watcher
	n    int
}

func start(t *testing.T, root string, extra ...string) *harness {
	t.Helper()
	w, err := NewWith(Options{Quiet: 30 * time.Millisecond, MaxLatency: 300 * time.Millisecond}, append([]string{root}, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &harness{t: t, root: root, w: w}
}

// expect asserts what the watcher reports for everything done since the
// last expect, batches merged as a consumer would apply them, as
// "written rel/path" and "removed rel/dir/" relative to the root.
func (h *harness) expect(want ...string) {
	h.t.Helper()
	h.n++
	sentinel := filepath.Join(h.root, fmt.Sprintf("sentinel-%d.txt", h.n))
	writeFile(h.t, sentinel, "s")
	var got Batch
	timeout := time.After(waitFor)
	for {
		select {
		case b, ok := <-h.w.Batches():
			if !ok {
				h.t.Fatal("Batches closed")
			}
			assertBatchShape(h.t, b)
			got = merge(got, b)
			if !slices.ContainsFunc(got, func(c Change) bool { return c.Path == sentinel }) {
				continue
			}
			var rel []string
			for _, c := range got {
				if strings.Contains(c.Path, "sentinel-") {
					continue
				}
				rel = append(rel, h.rel(c))
			}
			if !slices.Equal(rel, want) {
				h.t.Fatalf("changes:\n got %q\nwant %q", rel, want)
			}
			return
		case err := <-h.w.Errors():
			h.t.Fatalf("watch error: %v", err)
		case <-timeout:
			h.t.Fatalf("no batch with the sentinel after %v; so far %v", waitFor, got)
		}
	}
}

func (h *harness) rel(c Change) string {
	r, err := filepath.Rel(h.root, c.Path)
	if err != nil {
		h.t.Fatal(err)
	}
	r = filepath.ToSlash(r)
	if c.Dir {
		r += "/"
	}
	return c.Kind.String() + " " + r
}

func (h *harness) path(rel string) string { return filepath.Join(h.root, filepath.FromSlash(rel)) }

// assertBatchShape checks that a batch is absolute, clean, sorted and
// names each path once.
func assertBatchShape(t *testing.T, b Batch) {
	t.Helper()
	if len(b) == 0 {
		t.Error("empty batch")
	}
	for i, c := range b {
		if !filepath.IsAbs(c.Path) || filepath.Clean(c.Path) != c.Path {
			t.Errorf("path %q is not absolute and clean", c.Path)
		}
		if c.Kind != Written && c.Kind != Removed {
			t.Errorf("%s: kind %d", c.Path, c.Kind)
		}
		if c.Dir && c.Kind != Removed {
			t.Errorf("%s: directory reported as %s", c.Path, c.Kind)
		}
		if i > 0 && compareChanges(b[i-1], c) >= 0 {
			t.Errorf("batch not sorted or not deduplicated at %d: %v", i, b)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// tree writes files (relative slash paths) under dir.
func tree(t *testing.T, dir string, files ...string) string {
	t.Helper()
	for _, f := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f)), "content of "+f)
	}
	return dir
}

func TestWriteInPlace(t *testing.T) {
	h := start(t, tree(t, t.TempDir(), "a.md", "sub/b.md"))
	writeFile(t, h.path("a.md"), "new")
	h.expect("written a.md")
	writeFile(t, h.path("sub/b.md"), "new")
	writeFile(t, h.path("sub/b.md"), "newer")
	h.expect("written sub/b.md")
}

// Each way editors save a file reports just the file.
func TestSaveStrategies(t *testing.T) {
	for name, save := range map[string]func(t *testing.T, h *harness){
		"temp file renamed over": func(t *testing.T, h *harness) {
			writeFile(t, h.path("a.md.tmp"), "new")
			must(t, os.Rename(h.path("a.md.tmp"), h.path("a.md")))
		},
		"hidden temp file renamed over": func(t *testing.T, h *harness) {
			writeFile(t, h.path(".goutputstream-XYZ123"), "new")
			must(t, os.Rename(h.path(".goutputstream-XYZ123"), h.path("a.md")))
		},
		"vim": func(t *testing.T, h *harness) {
			writeFile(t, h.path(".a.md.swp"), "swap")
			writeFile(t, h.path("4913"), "")
			must(t, os.Remove(h.path("4913")))
			must(t, os.Rename(h.path("a.md"), h.path("a.md~")))
			writeFile(t, h.path("a.md"), "new")
			must(t, os.Remove(h.path("a.md~")))
			writeFile(t, h.path(".a.md.swp"), "swap 2")
			must(t, os.Remove(h.path(".a.md.swp")))
		},
		"emacs": func(t *testing.T, h *harness) {
			must(t, os.Symlink("user@host.123:1", h.path(".#a.md")))
			writeFile(t, h.path("#a.md#"), "autosave")
			must(t, os.Rename(h.path("a.md"), h.path("a.md~")))
			writeFile(t, h.path("a.md"), "new")
			must(t, os.Remove(h.path("#a.md#")))
			must(t, os.Remove(h.path(".#a.md")))
		},
		"jetbrains": func(t *testing.T, h *harness) {
			writeFile(t, h.path("a.md___jb_tmp___"), "new")
			must(t, os.Rename(h.path("a.md"), h.path("a.md___jb_old___")))
			must(t, os.Rename(h.path("a.md___jb_tmp___"), h.path("a.md")))
			must(t, os.Remove(h.path("a.md___jb_old___")))
		},
		"partial download": func(t *testing.T, h *harness) {
			writeFile(t, h.path("a.md.part"), "ne")
			writeFile(t, h.path("a.md.part"), "new")
			must(t, os.Rename(h.path("a.md.part"), h.path("a.md")))
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := start(t, tree(t, t.TempDir(), "a.md"))
			save(t, h)
			h.expect("written a.md")
			if b, err := os.ReadFile(h.path("a.md")); err != nil || string(b) != "new" {
				t.Fatalf("a.md = %q, %v", b, err)
			}
		})
	}
}

func TestNoiseAlone(t *testing.T) {
	h := start(t, tree(t, t.TempDir(), "a.md", ".git/HEAD", ".git/objects/ab/cd"))
	writeFile(t, h.path(".git/HEAD"), "ref: refs/heads/x")
	writeFile(t, h.path(".git/objects/ab/ef"), "object")
	writeFile(t, h.path(".cache/new/x.md"), "hidden directory created later")
	writeFile(t, h.path(".DS_Store"), "")
	writeFile(t, h.path("~$a.docx"), "")
	writeFile(t, h.path("a.md.crdownload"), "")
	must(t, os.Chmod(h.path("a.md"), 0o600))
	h.expect()
	writeFile(t, h.path(".cache/new/x.md"), "still not watched")
	h.expect()
}

func TestDelete(t *testing.T) {
	h := start(t, tree(t, t.TempDir(), "a.md", "b.md"))
	must(t, os.Remove(h.path("a.md")))
	h.expect("removed a.md")
}

func TestRenameFile(t *testing.T) {
	h := start(t, tree(t, t.TempDir(), "a.md", "sub/keep.md"))
	must(t, os.Rename(h.path("a.md"), h.path("sub/b.md")))
	h.expect("removed a.md", "written sub/b.md")
}

func TestCreatedAndDeletedInOneWindow(t *testing.T) {
	h := start(t, t.TempDir())
	writeFile(t, h.path("brief.md"), "x")
	must(t, os.Remove(h.path("brief.md")))
	// Its state at the end is what counts: it is not there.
	h.expect("removed brief.md")
}

func TestNewFolderThenFile(t *testing.T) {
	h := start(t, t.TempDir())
	must(t, os.Mkdir(h.path("new"), 0o755))
	writeFile(t, h.path("new/x.md"), "x")
	h.expect("written new/x.md")
	// The new folder is watched: a later write comes through.
	writeFile(t, h.path("new/x.md"), "y")
	h.expect("written new/x.md")

	// Nested folders made at once, a file written at once: whatever the
	// watch missed, the walk finds.
	writeFile(t, h.path("deep/a/b/c/y.md"), "y")
	h.expect("written deep/a/b/c/y.md")
	writeFile(t, h.path("deep/a/b/c/z.md"), "z")
	h.expect("written deep/a/b/c/z.md")

	// An empty folder is no change.
	must(t, os.Mkdir(h.path("empty"), 0o755))
	h.expect()
}

func TestFolderMovedIn(t *testing.T) {
	h := start(t, tree(t, t.TempDir(), "a.md"))
	outside := tree(t, t.TempDir(), "in/x.md", "in/sub/y.md", "in/sub/deep/z.md", "in/.git/config", "in/sub/z.md~")
	must(t, os.Rename(filepath.Join(outside, "in"), h.path("in")))
	h.expect("written in/sub/deep/z.md", "written in/sub/y.md", "written in/x.md")
	writeFile(t, h.path("in/sub/deep/z.md"), "edited")
	writeFile(t, h.path("in/sub/deep/new.md"), "new")
	h.expect("written in/sub/deep/new.md", "written in/sub/deep/z.md")
}

func TestFolderRemoved(t *testing.T) {
	h := start(t, tree(t, t.TempDir(), "a.md", "dir/x.md", "dir/sub/y.md"))
	must(t, os.RemoveAll(h.path("dir")))
	h.expect("removed dir/", "removed dir/sub/", "removed dir/sub/y.md", "removed dir/x.md")
	// Made again, it is watched again.
	writeFile(t, h.path("dir/sub/y.md"), "back")
	h.expect("written dir/sub/y.md")
	writeFile(t, h.path("dir/sub/y.md"), "again")
	h.expect("written dir/sub/y.md")
}

func TestFolderMovedOut(t *testing.T) {
	h := start(t, tree(t, t.TempDir(), "a.md", "dir/x.md", "dir/sub/y.md"))
	outside := t.TempDir()
	must(t, os.Rename(h.path("dir"), filepath.Join(outside, "dir")))
	h.expect("removed dir/")
	// Its watches went with it: nothing is reported under its old path.
	writeFile(t, filepath.Join(outside, "dir/sub/y.md"), "elsewhere")
	writeFile(t, filepath.Join(outside, "dir/x.md"), "elsewhere")
	h.expect()
}

func TestFolderRenamedWithin(t *testing.T) {
	h := start(t, tree(t, t.TempDir(), "dir/x.md", "dir/sub/y.md"))
	must(t, os.Rename(h.path("dir"), h.path("moved")))
	h.expect("removed dir/", "written moved/sub/y.md", "written moved/x.md")
	writeFile(t, h.path("moved/sub/y.md"), "edited")
	h.expect("written moved/sub/y.md")
}

func TestSeveralRoots(t *testing.T) {
	a, b := tree(t, t.TempDir(), "x.md"), tree(t, t.TempDir(), "y.css")
	h := start(t, a, b)
	writeFile(t, filepath.Join(b, "y.css"), "changed")
	writeFile(t, filepath.Join(a, "x.md"), "changed")
	want := []string{filepath.Join(a, "x.md"), filepath.Join(b, "y.css")}
	slices.Sort(want)
	var got Batch
	timeout := time.After(waitFor)
	for len(got) < 2 {
		select {
		case batch := <-h.w.Batches():
			got = merge(got, batch)
		case <-timeout:
			t.Fatalf("after %v: %v", waitFor, got)
		}
	}
	if !slices.Equal(got.Paths(), want) || got[0].Kind != Written || got[1].Kind != Written {
		t.Fatalf("got %v, want both written", got)
	}
}

// A steady stream of writes still yields batches: MaxLatency ends a window
// that Quiet alone would keep open.
func TestMaxLatency(t *testing.T) {
	root := tree(t, t.TempDir(), "a.md")
	w, err := NewWith(Options{Quiet: 300 * time.Millisecond, MaxLatency: 600 * time.Millisecond}, root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				_ = os.WriteFile(filepath.Join(root, "a.md"), []byte(fmt.Sprint(i)), 0o644)
			}
		}
	}()
	defer func() { close(stop); <-done }()
	select {
	case b := <-w.Batches():
		if got := b.Paths(); !slices.Equal(got, []string{filepath.Join(root, "a.md")}) {
			t.Fatalf("batch %v", got)
		}
	case <-time.After(waitFor):
		t.Fatal("no batch while writes kept coming")
	}
}

func TestClose(t *testing.T) {
	w, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	must(t, w.Close())
	if _, ok := <-w.Batches(); ok {
		t.Error("Batches still open")
	}
	if _, ok := <-w.Errors(); ok {
		t.Error("Errors still open")
	}
	must(t, w.Close())
}

func TestNewErrors(t *testing.T) {
	dir := tree(t, t.TempDir(), "file.md")
	for _, roots := range [][]string{
		nil,
		{filepath.Join(dir, "missing")},
		{filepath.Join(dir, "file.md")},
		{dir, filepath.Join(dir, "missing")},
	} {
		if w, err := New(roots...); err == nil {
			w.Close()
			t.Errorf("New(%q) succeeded", roots)
		}
	}
}
