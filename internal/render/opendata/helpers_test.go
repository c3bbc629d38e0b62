package opendata_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitegen/internal/render/opendata"
	"sitegen/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

const contentDir = "../../../content"

// golden compares got with testdata/<name>.golden, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test -update and read the diff):\n%s", name, path, got)
	}
}

// loadReport reads a report of content/ and its agency record.
func loadReport(t *testing.T, file string) (*report.Report, *report.Agency) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(contentDir, file))
	if err != nil {
		t.Fatal(err)
	}
	r, fs := report.Check(file, src)
	if r == nil {
		t.Fatalf("%s: %v", file, fs)
	}
	agencyFile := filepath.Join(report.AgenciesDir, r.Agency+".yaml")
	src, err = os.ReadFile(filepath.Join(contentDir, agencyFile))
	if err != nil {
		t.Fatal(err)
	}
	a, fs := report.ParseAgency(agencyFile, r.Agency, src)
	if a == nil {
		t.Fatalf("%s: %v", agencyFile, fs)
	}
	return r, a
}

// loadSite reads every bundled report with its agency and its findings.
func loadSite(tb testing.TB) ([]opendata.Row, []report.Finding) {
	tb.Helper()
	site, findings, err := report.Load(os.DirFS(contentDir), "content")
	if err != nil {
		tb.Fatal(err)
	}
	if len(site.Reports) == 0 {
		tb.Fatal("no reports under content/")
	}
	var rows []opendata.Row
	for _, r := range site.Reports {
		rows = append(rows, opendata.Row{Report: r, Agency: site.Agency(r)})
	}
	return rows, findings
}

// readCSV checks the BOM and the CRLF line ends and parses the records.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(b, []byte("\ufeff"))
	if !ok {
		t.Fatal("no byte order mark")
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf {
		t.Errorf("%d of %d line ends are not CRLF", n-crlf, n)
	}
	cr := csv.NewReader(bytes.NewReader(rest))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// line returns the first record whose leading fields are prefix.
func line(t *testing.T, recs [][]string, prefix ...string) []string {
	t.Helper()
	for _, rec := range recs {
		if len(rec) >= len(prefix) && strings.Join(rec[:len(prefix)], "\x00") == strings.Join(prefix, "\x00") {
			return rec
		}
	}
	t.Fatalf("no line starting %q", prefix)
	return nil
}

// failWriter fails once n bytes have been written.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}
