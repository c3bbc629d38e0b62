package importer

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"sitegen/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden compares each import, as the content file it becomes and the
// problems reported, with testdata/golden (refreshed with -update).
func TestGolden(t *testing.T) {
	for i, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			res := importInput(t, i)
			var b bytes.Buffer
			b.Write(report.Format(res.Report, res.AgencyName))
			b.WriteString("\n<!-- import problems:\n")
			for _, p := range res.Problems {
				fmt.Fprintf(&b, "%v\n", p)
			}
			b.WriteString("-->\n")
			checkGolden(t, filepath.Join("testdata", "golden", in.name+".md"), b.Bytes())
		})
	}
}

// checkGolden compares got with the golden file at path, or rewrites the
// file with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
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
		t.Errorf("output differs from %s (run go test -update and review the diff)", path)
	}
}
