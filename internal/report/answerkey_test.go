package report_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

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
		raw, err := os.ReadFile(filepath.Join(expectedDir, ak.key))
		if err != nil {
			t.Fatal(err)
		}
		var want map[string]any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		r := byFile["content/"+ak.file]
		if r == nil {
			t.Errorf("%s: no report %s", ak.key, ak.file)
			continue
		}
		got := roundTrip(t, report.OpenData(r, site.Agency(r), nil))
		if w, ok := want["year"].(float64); !ok || int(w) != r.Year {
			t.Errorf("%s: year %d, key says %v", ak.file, r.Year, want["year"])
		}
		cells := map[string][2]any{}
		flatten("section2", want["section2"], got["section2"], cells)
		flatten("section3", want["section3"].(map[string]any)["rows"], got["section3"].(map[string]any)["rows"], cells)
		flatten("section4", want["section4"], got["section4"], cells)
		if x, ok := want["extra_rows"]; ok {
			flatten("extra_rows", x, got["extra_rows"], cells)
		}
		for path, wg := range cells {
			total++
			if reflect.DeepEqual(wg[0], wg[1]) {
				matched++
			} else {
				t.Errorf("%s %s: content %v, answer key %v", ak.file, path, wg[1], wg[0])
			}
		}
	}
	t.Logf("answer keys: %d of %d values exact (%.1f%%)", matched, total, 100*float64(matched)/float64(total))
	if total < 1500 {
		t.Errorf("compared only %d values; the eight keys hold more than 1,500", total)
	}
}

func roundTrip(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// flatten pairs the leaves of the key (want) with the same paths in the
// content (got); a path missing from the content pairs with a marker.
func flatten(path string, want, got any, out map[string][2]any) {
	switch w := want.(type) {
	case map[string]any:
		if isAmount(w) {
			out[path] = [2]any{w, asWritten(got)}
			return
		}
		g, _ := got.(map[string]any)
		for k, v := range w {
			var gv any = missing{}
			if g != nil {
				if x, ok := g[k]; ok {
					gv = x
				}
			}
			flatten(path+"."+k, v, gv, out)
		}
	case []any:
		g, _ := got.([]any)
		for i, v := range w {
			var gv any = missing{}
			if i < len(g) {
				gv = g[i]
			}
			flatten(fmt.Sprintf("%s[%d]", path, i), v, gv, out)
		}
	default:
		out[path] = [2]any{want, got}
	}
}

type missing struct{}

func isAmount(m map[string]any) bool {
	_, v := m["value"]
	_, u := m["unit"]
	return v && u && len(m) == 2
}

// asWritten keeps the value and unit of an exported amount, as the answer
// keys give them (the export adds the amount in 元).
func asWritten(got any) any {
	g, ok := got.(map[string]any)
	if !ok {
		return got
	}
	return map[string]any{"value": g["value"], "unit": g["unit"]}
}
