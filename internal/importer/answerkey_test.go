package importer

import (
	"os"
	"path/filepath"
	"testing"

	"sitegen/internal/answerkey"
	"sitegen/internal/report"
)

// shared/ sits beside the repository: the seeds, the corpus and the answer
// keys read by hand from each of them.
const sharedDir = "../../../shared"

// inputs are the eight texts with answer keys. Options stand in for what a
// text does not state (seed 000 names neither agency nor year).
var inputs = []struct {
	name, file, key string
	opt             Options
}{
	{"seed000", "seeds/000_6d9cd96a9eac0b27.txt", "seed_000.json", Options{Agency: "四平市某局", Year: 2020}},
	{"seed001", "seeds/001_f5d5ef7bb5443bb4.txt", "seed_001.json", Options{}},
	{"seed002", "seeds/002_eea32f622e76f958.txt", "seed_002.json", Options{}},
	{"seed003", "seeds/003_f38c235b9a3e9290.txt", "seed_003.json", Options{}},
	{"seed004", "seeds/004_c68b2d87e84c1d3f.txt", "seed_004.json", Options{}},
	{"corpus01", "corpus/raw/01_huaian-city-2024_pdf-layout.txt", "01_huaian-city-2024_pdf-layout.json", Options{}},
	{"corpus02", "corpus/raw/02_hongze-district-2023_pdf-layout.txt", "02_hongze-district-2023_pdf-layout.json", Options{}},
	{"corpus03", "corpus/raw/03_hongze-district-2024_pdf-layout.txt", "03_hongze-district-2024_pdf-layout.json", Options{}},
}

func readShared(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedDir, rel))
	if err != nil {
		t.Fatalf("reading %s beside the repository: %v", rel, err)
	}
	return b
}

func importInput(t testing.TB, i int) *Result {
	t.Helper()
	in := inputs[i]
	res, err := Text(in.file, readShared(t, in.file), in.opt)
	if err != nil {
		t.Fatalf("%s: %v", in.name, err)
	}
	return res
}

// TestAnswerKeys compares every number of every import, through the
// open-data export, with the answer keys, and prints the score per file.
func TestAnswerKeys(t *testing.T) {
	total, matched := 0, 0
	for i, in := range inputs {
		ok, n := compareWithKey(t, importInput(t, i), in.key)
		t.Logf("%-9s %4d of %4d values exact (%.1f%%)", in.name, ok, n, 100*float64(ok)/float64(max(n, 1)))
		total, matched = total+n, matched+ok
	}
	t.Logf("answer keys: %d of %d values exact (%.1f%%)", matched, total, 100*float64(matched)/float64(total))
	if total < 1500 {
		t.Errorf("compared only %d values; the eight keys hold more than 1,500", total)
	}
}

// compareWithKey compares every number of an import with an answer key in
// ../shared/corpus/expected, reporting each mismatch; it returns how many
// values were exact of how many the key holds.
func compareWithKey(t *testing.T, res *Result, key string) (exact, total int) {
	t.Helper()
	k, err := answerkey.Load(filepath.Join(sharedDir, "corpus/expected", key))
	if err != nil {
		t.Fatal(err)
	}
	mismatches, total, err := answerkey.Compare(k, report.OpenData(res.Report, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mismatches {
		t.Errorf("%s: %s", key, m)
	}
	return total - len(mismatches), total
}
