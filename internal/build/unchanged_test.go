package build

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// age sets the modification time of every content file an hour back, out
// of the racy window of the build that follows.
func (s *site) age() {
	s.t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(filepath.Join(s.dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		s.t.Fatal(err)
	}
}

func TestUnchangedShortcut(t *testing.T) {
	s := newSite(t, "small.txtar")
	s.age()
	s.build()
	first := s.res
	if first.Unchanged {
		t.Fatal("first build: Unchanged")
	}
	before := snapshot(t, s.out)

	// Nothing changed: the build stops before reading the content and
	// reports what the last one found.
	s.build()
	if !s.res.Unchanged || !s.res.Incremental || s.res.Rendered != 0 || s.res.Files != 0 {
		t.Errorf("second build: unchanged %v, incremental %v, rendered %d, files %d", s.res.Unchanged, s.res.Incremental, s.res.Rendered, s.res.Files)
	}
	if !reflect.DeepEqual(s.res.Findings, first.Findings) || s.res.Reports != first.Reports || s.res.Agencies != first.Agencies {
		t.Errorf("second build: %d findings, %d reports, %d agencies; want %d, %d, %d",
			len(s.res.Findings), s.res.Reports, s.res.Agencies, len(first.Findings), first.Reports, first.Agencies)
	}
	if !mapsEqual(before, snapshot(t, s.out)) {
		t.Error("the output changed")
	}

	// The stamps are all it reads: bytes changed under the same size and
	// time go unseen, as with make (and the proof the content was not read).
	report := firstReport(t, s)
	data, _ := os.ReadFile(report)
	info, _ := os.Stat(report)
	swapped := []byte(strings.Replace(string(data), "全部予以公开", "全部予以开公", 1))
	if len(swapped) != len(data) || string(swapped) == string(data) {
		t.Fatal("test edit must keep the size and change the bytes")
	}
	write(t, report, string(swapped))
	os.Chtimes(report, info.ModTime(), info.ModTime())
	s.build()
	if !s.res.Unchanged {
		t.Error("same size and time: the content was read")
	}

	// A new time is a change, and so is a file within the racy window.
	os.Chtimes(report, time.Now().Add(-30*time.Minute), time.Now().Add(-30*time.Minute))
	s.build()
	if s.res.Unchanged || !s.res.Incremental || len(s.res.Changed) == 0 {
		t.Errorf("touched and edited file: unchanged %v, incremental %v, changed %v", s.res.Unchanged, s.res.Incremental, s.res.Changed)
	}
	s.build()
	if !s.res.Unchanged {
		t.Error("after the rebuild that saw the edit: not unchanged")
	}
	// Racy: a file written just before a build took its stamps can be
	// written again within the timestamp's granularity, same size and
	// same time; its stamp is not trusted.
	now := time.Now()
	write(t, report, string(data))
	os.Chtimes(report, now, now)
	s.build()
	write(t, report, string(swapped))
	os.Chtimes(report, now, now)
	s.build()
	if s.res.Unchanged || len(s.res.Changed) == 0 {
		t.Errorf("a file stamped within the racy window: unchanged %v, changed %v", s.res.Unchanged, s.res.Changed)
	}

	// A file added, and other options, are changes too.
	s.age()
	s.build()
	write(t, filepath.Join(s.dir, "content", "notes.txt"), "x")
	s.age()
	s.build()
	if s.res.Unchanged {
		t.Error("a new file went unseen")
	}
	s.build()
	s.opt.BaseURL = "/sub/"
	s.build()
	if s.res.Unchanged || s.res.Incremental {
		t.Errorf("other base URL: unchanged %v, incremental %v", s.res.Unchanged, s.res.Incremental)
	}
}

// firstReport returns the path of a report file of the site.
func firstReport(t *testing.T, s *site) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(s.dir, "content", "reports", "*", "*.md"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if strings.Contains(string(data), "全部予以公开") {
			return f
		}
	}
	t.Fatal("no report that says 全部予以公开")
	return ""
}

// A file system that does not tell files' times (embedded, in memory)
// never takes the shortcut: nothing would show an edit.
func TestUnchangedNeedsTimes(t *testing.T) {
	s := newSite(t, "small.txtar")
	mem := fstest.MapFS{}
	root := filepath.Join(s.dir, "content")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		mem[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.opt.Content = mem
	s.build()
	s.build()
	if s.res.Unchanged || !s.res.Incremental {
		t.Errorf("second build from a file system without times: unchanged %v, incremental %v", s.res.Unchanged, s.res.Incremental)
	}
}
