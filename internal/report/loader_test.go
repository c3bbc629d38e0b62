package report_test

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sitegen/internal/report"
)

// TestLoader loads a content directory again and again: an unchanged file
// is not parsed again, an edited one is, and the rules across files are
// applied afresh each time (a known defect they matched last time, now
// matching nothing, is reported as such).
func TestLoader(t *testing.T) {
	dir := t.TempDir()
	reportFile := filepath.Join(dir, "reports", "2021", "ce-shi-ju.md")
	agencyFile := filepath.Join(dir, "agencies", "ce-shi-ju.yaml")
	// The report names an agency with no record (F4, across files), and
	// records that as a defect of its source.
	src := strings.Replace(readBase("2021-layout.md"), "known_defects: []",
		"known_defects:\n  - rule: F4\n    at: agency\n    reason: 原文如此", 1)
	writeOld(t, reportFile, src)
	l := report.NewLoader()
	fsys := &countingFS{FS: os.DirFS(dir), opens: map[string]int{}}
	load := func() (*report.Site, []report.Finding) {
		t.Helper()
		site, fs, err := l.Load(fsys, "content")
		if err != nil {
			t.Fatal(err)
		}
		return site, fs
	}
	rules := func(fs []report.Finding) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Rule)
		}
		return strings.Join(out, " ")
	}

	site, fs := load()
	first := site.Reports[0]
	if got := rules(fs); got != "F4" || fs[0].Recorded == "" {
		t.Fatalf("first load: %s, want a recorded F4", got)
	}
	if sum := sha256.Sum256([]byte(src)); first.Sum != report.Digest(sum[:16]) {
		t.Error("Report.Sum is not the digest of the file")
	}

	// Unchanged and old: the same report, not even read again.
	site, _ = load()
	if site.Reports[0] != first {
		t.Error("an unchanged file was parsed again")
	}
	if n := fsys.opens["reports/2021/ce-shi-ju.md"]; n != 1 {
		t.Errorf("an unchanged file was read %d times in two loads, want once", n)
	}

	// The agency record appears: F4 goes, and the known defect that
	// covered it now covers nothing (K1), though the report is cached.
	writeOld(t, agencyFile, "name: 测试局\naliases: []\nregion:\n  province: 测试省\n  city: null\n  district: null\nlevel: null\nparent: null\nwebsite: null\n")
	site, fs = load()
	if site.Reports[0] != first {
		t.Error("the report was parsed again though only the agency record changed")
	}
	if got := rules(fs); got != "K1" {
		t.Errorf("with the record: %s, want K1", got)
	}

	// Edited: parsed again.
	edited := strings.Replace(src, "测试局2021年", "测试局2O21年", 1)
	if err := os.WriteFile(reportFile, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	site, _ = load()
	second := site.Reports[0]
	if second == first || !strings.Contains(second.Title, "2O21") {
		t.Fatal("an edited file was not parsed again")
	}

	// Edited again just after it was read, to the same size, and its time
	// put back as it was (a second write within one tick of the file
	// system's clock): read again all the same, since its time was too
	// close to when it was read to be trusted.
	info, err := os.Stat(reportFile)
	if err != nil {
		t.Fatal(err)
	}
	again := strings.Replace(src, "测试局2021年", "测试局2Q21年", 1)
	if len(again) != len(edited) {
		t.Fatal("the edit changed the size")
	}
	if err := os.WriteFile(reportFile, []byte(again), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(reportFile, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	site, _ = load()
	if !strings.Contains(site.Reports[0].Title, "2Q21") {
		t.Error("a same-size edit with the same time, close to the read, was missed")
	}
}

// countingFS counts the files opened (reading; Stat is not counted).
type countingFS struct {
	fs.FS
	opens map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.opens[name]++
	return c.FS.Open(name)
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }

// writeOld writes a file dated an hour ago, beyond the racy window.
func writeOld(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
}
