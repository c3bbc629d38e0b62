package changes_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitegen/internal/report"
)

// base2020 and base2021 are one agency's compact, consistent reports in
// the 2019 and 2021 layouts, shared with the report package's rule tests.
var (
	base2020 = readBase("2019-layout.md")
	base2021 = readBase("2021-layout.md")
)

func readBase(name string) string {
	b, err := os.ReadFile(filepath.Join("..", "report", "testdata", "base", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

// edit applies replacements (old, new, old, new …) to a base report; each
// old text must occur exactly once.
func edit(t *testing.T, base string, pairs ...string) string {
	t.Helper()
	if len(pairs)%2 != 0 {
		t.Fatalf("edit: odd number of arguments")
	}
	for i := 0; i < len(pairs); i += 2 {
		if n := strings.Count(base, pairs[i]); n != 1 {
			t.Fatalf("edit: %q occurs %d times in the input", pairs[i], n)
		}
		base = strings.Replace(base, pairs[i], pairs[i+1], 1)
	}
	return base
}

// load reads a report from content-file text.
func load(t *testing.T, src string) *report.Report {
	t.Helper()
	r, fs := report.Check("test.md", []byte(src))
	if r == nil {
		t.Fatalf("report did not parse: %v", fs)
	}
	return r
}
