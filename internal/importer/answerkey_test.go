package importer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

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
	var want map[string]any
	if err := json.Unmarshal(readShared(t, filepath.Join("corpus/expected", key)), &want); err != nil {
		t.Fatal(err)
	}
	got := roundTrip(t, report.OpenData(res.Report, nil, nil))
	if w, _ := want["year"].(float64); int(w) != res.Report.Year {
		t.Errorf("year %d, %s says %v", res.Report.Year, key, want["year"])
	}
	cells := map[string][2]any{}
	flatten("section2", want["section2"], got["section2"], cells)
	wantRows, _ := want["section3"].(map[string]any)
	gotRows, _ := got["section3"].(map[string]any)
	flatten("section3", wantRows["rows"], gotRows["rows"], cells)
	flatten("section4", want["section4"], got["section4"], cells)
	if x, ok := want["extra_rows"]; ok {
		flatten("extra_rows", x, got["extra_rows"], cells)
	}
	var paths []string
	for p := range cells {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		wg := cells[p]
		total++
		if reflect.DeepEqual(wg[0], wg[1]) {
			exact++
		} else {
			t.Errorf("%s: %s imported %v, answer key %v", key, p, wg[1], wg[0])
		}
	}
	return exact, total
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

type missing struct{}

// flatten pairs the leaves of the key (want) with the same paths in the
// import (got); a path missing from the import pairs with a marker.
func flatten(path string, want, got any, out map[string][2]any) {
	switch w := want.(type) {
	case map[string]any:
		if _, v := w["value"]; v && len(w) == 2 {
			if _, u := w["unit"]; u {
				out[path] = [2]any{w, asWritten(got)}
				return
			}
		}
		g, _ := got.(map[string]any)
		for k, v := range w {
			var gv any = missing{}
			if x, ok := g[k]; ok {
				gv = x
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

// asWritten keeps the value and unit of an exported amount, as the answer
// keys give them (the export adds the amount in 元).
func asWritten(got any) any {
	g, ok := got.(map[string]any)
	if !ok {
		return got
	}
	return map[string]any{"value": g["value"], "unit": g["unit"]}
}
