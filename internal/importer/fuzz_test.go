package importer

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"sitegen/internal/report"
)

// FuzzImportText feeds arbitrary text to the importer, seeded with the
// eight real reports: it must not panic, must finish quickly, and what it
// returns must be writable as a content file.
func FuzzImportText(f *testing.F) {
	for _, in := range inputs {
		if b, err := os.ReadFile(filepath.Join(sharedDir, in.file)); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("一、总体情况\n第二十条第（一）项\n规章 | 1 | 2 |\n行政复议\n1 2 3\n")
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		res, err := Text("fuzz.txt", []byte(s), Options{Agency: "某局", Year: 2020})
		if time.Since(start) > 2*time.Second && len(s) < 100_000 {
			t.Errorf("import of %d bytes took %v", len(s), time.Since(start))
		}
		if err != nil {
			return
		}
		report.Format(res.Report, res.AgencyName)
		report.OpenData(res.Report, nil, nil)
	})
}
