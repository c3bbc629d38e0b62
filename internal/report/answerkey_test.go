package report_test

import (
	"os"
	"path/filepath"
	"testing"

	"sitegen/internal/answerkey"
	"sitegen/internal/report"
)

// answerKeys pairs each bundled report with its hand-read answer key in
// ../shared/corpus/expected (shared/ sits beside the repository).
var answerKeys = []struct{ key, file string }{
	{"seed_000.json", "reports/2020/si-ping-shi-mou-ju.md"},
	{"seed_001.json", "reports/2020/de-hui-shi-ji-guan-shi-wu-guan-li-ju.md"},
	{"seed_002.json", "reports/2020/pu-kou-jie-dao.md"},
	{"seed_003.json", "reports/2020/guang-zhou-shi-zeng-cheng-qu-ren-min-zheng-fu.md"},
	{"seed_004.json", "reports/2020/huai-bei-shi-ren-min-zheng-fu-ban-gong-shi.md"},
	{"01_huaian-city-2024_pdf-layout.json", "reports/2024/huai-an-shi-ren-min-zheng-fu.md"},
	{"02_hongze-district-2023_pdf-layout.json", "reports/2023/huai-an-shi-hong-ze-qu-ren-min-zheng-fu.md"},
	{"03_hongze-district-2024_pdf-layout.json", "reports/2024/huai-an-shi-hong-ze-qu-ren-min-zheng-fu.md"},
}

const expectedDir = "../../../shared/corpus/expected"

// TestContentMatchesAnswerKeys compares every number of the bundled content,
// through the open-data export, with the answer keys, and prints the score.
func TestContentMatchesAnswerKeys(t *testing.T) {
	if _, err := os.Stat(expectedDir); err != nil {
		t.Fatalf("answer keys not found beside the repository (%v): the test needs ../shared/corpus/expected", err)
	}
	site, _, err := report.Load(os.DirFS("../../content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*report.Report{}
	for _, r := range site.Reports {
		byFile[r.File] = r
	}
	total, matched := 0, 0
	for _, ak := range answerKeys {
		key, err := answerkey.Load(filepath.Join(expectedDir, ak.key))
		if err != nil {
			t.Fatal(err)
		}
		r := byFile["content/"+ak.file]
		if r == nil {
			t.Errorf("%s: no report %s", ak.key, ak.file)
			continue
		}
		mismatches, n, err := answerkey.Compare(key, report.OpenData(r, site.Agency(r), nil))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mismatches {
			t.Errorf("%s %s", ak.file, m)
		}
		total, matched = total+n, matched+n-len(mismatches)
	}
	t.Logf("answer keys: %d of %d values exact (%.1f%%)", matched, total, 100*float64(matched)/float64(total))
	if total < 1500 {
		t.Errorf("compared only %d values; the eight keys hold more than 1,500", total)
	}
}
