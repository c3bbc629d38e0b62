// Package answerkey compares a report's open data with the answer keys read
// by hand from the real reports (../shared/corpus/expected beside the
// repository). Tests of the content and of the importer use it; it is not
// part of the program.
package answerkey

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
)

// Mismatch is one value that differs from the key.
type Mismatch struct {
	Path      string // section2.规章.本年新制作数量, section3.（七）总计[6] …
	Got, Want any
}

func (m Mismatch) String() string {
	return fmt.Sprintf("%s: got %v, answer key %v", m.Path, m.Got, m.Want)
}

// Load reads an answer key.
func Load(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("answer key: %w", err)
	}
	var key map[string]any
	if err := json.Unmarshal(b, &key); err != nil {
		return nil, fmt.Errorf("answer key %s: %w", filepath.Base(path), err)
	}
	return key, nil
}

// Compare pairs every number of the key's tables (section2, extra_rows,
// section3.rows, section4) and its year with the same place in the open
// data (anything that marshals to the open-data JSON). It returns the
// values that differ, in path order, and how many values the key holds.
func Compare(key map[string]any, openData any) ([]Mismatch, int, error) {
	b, err := json.Marshal(openData)
	if err != nil {
		return nil, 0, err
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		return nil, 0, err
	}
	cells := map[string][2]any{}
	pair("year", key["year"], got["year"], cells)
	pair("section2", key["section2"], got["section2"], cells)
	if x, ok := key["extra_rows"]; ok {
		pair("extra_rows", x, got["extra_rows"], cells)
	}
	wantRows, _ := key["section3"].(map[string]any)
	gotRows, _ := got["section3"].(map[string]any)
	pair("section3", wantRows["rows"], gotRows["rows"], cells)
	pair("section4", key["section4"], got["section4"], cells)
	paths := make([]string, 0, len(cells))
	for p := range cells {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []Mismatch
	for _, p := range paths {
		if wg := cells[p]; !reflect.DeepEqual(wg[0], wg[1]) {
			out = append(out, Mismatch{Path: p, Got: wg[1], Want: wg[0]})
		}
	}
	return out, len(cells), nil
}

type missing struct{}

func (missing) String() string { return "(missing)" }

// pair pairs the leaves of the key (want) with the same paths in the data
// (got); a path missing from the data pairs with a marker.
func pair(path string, want, got any, out map[string][2]any) {
	switch w := want.(type) {
	case map[string]any:
		if isAmount(w) {
			out[path] = [2]any{w, asWritten(got)}
			return
		}
		g, _ := got.(map[string]any)
		for k, v := range w {
			var gv any = missing{}
			if x, ok := g[k]; ok {
				gv = x
			}
			pair(path+"."+k, v, gv, out)
		}
	case []any:
		g, _ := got.([]any)
		for i, v := range w {
			var gv any = missing{}
			if i < len(g) {
				gv = g[i]
			}
			pair(fmt.Sprintf("%s[%d]", path, i), v, gv, out)
		}
	default:
		out[path] = [2]any{want, got}
	}
}

// isAmount tells an amount as the keys write it: {value, unit}.
func isAmount(m map[string]any) bool {
	_, v := m["value"]
	_, u := m["unit"]
	return v && u && len(m) == 2
}

// asWritten keeps the value and unit of an exported amount, as the keys
// give them (the open data adds the amount in 元).
func asWritten(got any) any {
	g, ok := got.(map[string]any)
	if !ok {
		return got
	}
	return map[string]any{"value": g["value"], "unit": g["unit"]}
}
