package report_test

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"sitegen/internal/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCheckGolden loads the corpus of broken content under
// testdata/broken and compares every finding, one per line as `sitegen
// check` prints it, with testdata/broken.golden. Run with -update to
// rewrite the golden file, then read the diff: every line must point at the
// offending cell or key and say what was found and what was expected.
func TestCheckGolden(t *testing.T) {
	site, findings, err := report.Load(os.DirFS("testdata/broken"), "testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Reports) == 0 || len(site.Agencies) == 0 {
		t.Fatalf("corpus not loaded: %d reports, %d agencies", len(site.Reports), len(site.Agencies))
	}
	var b bytes.Buffer
	for _, f := range findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	const golden = "testdata/broken.golden"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run CheckGolden -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s line %d:\n got %s\nwant %s", golden, i+1, g, w)
			}
		}
		t.Log("run go test ./internal/report -run CheckGolden -update to rewrite the golden file, then review the diff")
	}
}

// TestBrokenCorpusCoversTheRules keeps the corpus broken in every way it is
// meant to be: each of these rules has at least one finding in it.
func TestBrokenCorpusCoversTheRules(t *testing.T) {
	_, findings, err := report.Load(os.DirFS("testdata/broken"), "testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range findings {
		have[f.Rule] = true
	}
	for _, rule := range strings.Fields("F1 F2 F3 F4 S1 S2 S3 S4 B1 B2 B3 C1 N1 N2 U1 X1 Y1 Y2 K1") {
		if !have[rule] {
			t.Errorf("no %s finding in testdata/broken", rule)
		}
	}
}
