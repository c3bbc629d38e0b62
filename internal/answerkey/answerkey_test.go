package answerkey

import (
	"testing"
)

func TestCompare(t *testing.T) {
	key := map[string]any{
		"year":       2020.0,
		"section2":   map[string]any{"规章": map[string]any{"本年新制作数量": 1.0}, "政府集中采购": map[string]any{"采购总金额": map[string]any{"value": 83.82, "unit": "万元"}}},
		"section3":   map[string]any{"rows": map[string]any{"（七）总计": []any{1.0, nil}}},
		"section4":   []any{0.0, 1.0},
		"extra_rows": map[string]any{},
	}
	data := map[string]any{
		"year":     2020,
		"section2": map[string]any{"规章": map[string]any{"本年新制作数量": 2}, "政府集中采购": map[string]any{"采购总金额": map[string]any{"value": 83.82, "unit": "万元", "yuan": 838200}}},
		"section3": map[string]any{"rows": map[string]any{"（七）总计": []any{1, 0}}},
		"section4": []any{0},
	}
	ms, total, err := Compare(key, data)
	if err != nil {
		t.Fatal(err)
	}
	if total != 7 {
		t.Errorf("total %d, want 7", total)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.String())
	}
	want := []string{
		"section2.规章.本年新制作数量: got 2, answer key 1",
		"section3.（七）总计[1]: got 0, answer key <nil>",
		"section4[1]: got (missing), answer key 1",
	}
	if len(got) != len(want) {
		t.Fatalf("mismatches %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("mismatch %d: %q, want %q", i, got[i], want[i])
		}
	}
}
