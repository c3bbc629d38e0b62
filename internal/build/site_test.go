package build

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"sitegen/assets"
	"sitegen/internal/render"
	"sitegen/templates"
)

// site is a small site unpacked from a txtar archive under testdata/sites,
// with the embedded theme unless the archive overrides it.
type site struct {
	t    *testing.T
	dir  string // holds content/, templates/, assets/
	out  string
	opt  Options
	res  *Result
	errs error
}

var keep = flag.Bool("keep", false, "keep the built test sites and print where")

func newSite(t *testing.T, archive string, edits ...func(dir string)) *site {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "sites", archive))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if *keep {
		dir, _ = os.MkdirTemp("", "sitegen-test-")
		t.Logf("site in %s", dir)
	}
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range edits {
		e(dir)
	}
	s := &site{t: t, dir: dir, out: filepath.Join(dir, "public")}
	s.opt = Options{
		Content:    os.DirFS(filepath.Join(dir, "content")),
		ContentDir: "content",
		Templates:  render.Overlay{os.DirFS(filepath.Join(dir, "templates")), templates.FS},
		Assets:     render.Overlay{os.DirFS(filepath.Join(dir, "assets")), assets.FS},
		Out:        s.out,
		BaseURL:    "https://example.org/",
	}
	return s
}

// build builds the site and fails the test on error.
func (s *site) build() *site {
	s.t.Helper()
	if err := s.tryBuild(); err != nil {
		s.t.Fatalf("build: %v", err)
	}
	return s
}

func (s *site) tryBuild() error {
	s.res, s.errs = Build(context.Background(), s.opt)
	return s.errs
}

func (s *site) read(p string) string {
	s.t.Helper()
	if strings.HasSuffix(p, "/") || p == "" {
		p += "index.html"
	}
	b, err := os.ReadFile(filepath.Join(s.out, filepath.FromSlash(p)))
	if err != nil {
		s.t.Fatalf("output %s: %v", p, err)
	}
	return string(b)
}

func (s *site) exists(p string) bool {
	_, err := os.Stat(filepath.Join(s.out, filepath.FromSlash(p)))
	return err == nil
}

// contains asserts that an output file holds every fragment.
func (s *site) contains(p string, fragments ...string) {
	s.t.Helper()
	got := s.read(p)
	for _, f := range fragments {
		if !strings.Contains(got, f) {
			s.t.Errorf("%s: missing %q", p, f)
		}
	}
}

// lacks asserts that an output file holds none of the fragments.
func (s *site) lacks(p string, fragments ...string) {
	s.t.Helper()
	got := s.read(p)
	for _, f := range fragments {
		if strings.Contains(got, f) {
			s.t.Errorf("%s: unexpected %q", p, f)
		}
	}
}

// files lists every output file, slash-separated.
func (s *site) files() []string { return listFiles(s.out) }

// listFiles lists every file under root, slash-separated and relative.
func listFiles(root string) []string {
	var out []string
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}
