package report_test

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"sitegen/internal/report"
)

// TestFormatRoundTrip writes every bundled report with Format and reads it
// back: the data, the narrative and the findings' rules must be unchanged.
func TestFormatRoundTrip(t *testing.T) {
	site, _, err := report.Load(os.DirFS("../../content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Reports) < 8 {
		t.Fatalf("loaded %d reports, want the 8 bundled ones", len(site.Reports))
	}
	for _, r := range site.Reports {
		t.Run(r.File, func(t *testing.T) {
			out := report.Format(r, site.Agency(r).DisplayName())
			back, findings := report.Check(r.File, out)
			if back == nil {
				t.Fatalf("formatted file does not parse: %v", findings)
			}
			_, orig := report.Check(r.File, mustRead(t, "../../"+r.File))
			if got, want := rules(findings), rules(orig); !reflect.DeepEqual(got, want) {
				t.Errorf("findings changed: got %v, want %v\n%s", got, want, out)
			}
			if got, want := dataJSON(t, back), dataJSON(t, r); got != want {
				t.Errorf("data changed:\n got %s\nwant %s", got, want)
			}
			if len(back.Sections) != len(r.Sections) {
				t.Fatalf("%d sections, want %d", len(back.Sections), len(r.Sections))
			}
			for i := range r.Sections {
				if back.Sections[i].Num != r.Sections[i].Num || back.Sections[i].Body != r.Sections[i].Body {
					t.Errorf("section %q changed", r.Sections[i].Num)
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func rules(fs []report.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Severity)+"["+f.Rule+"] "+f.Path+" recorded="+f.Recorded)
	}
	return out
}

func dataJSON(t *testing.T, r *report.Report) string {
	t.Helper()
	b, err := json.Marshal(report.OpenData(r, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNewReportIsValid: a scaffold of either layout passes check with only
// the blank-table warnings, and reads back in the layout of its year.
func TestNewReportIsValid(t *testing.T) {
	for _, tc := range []struct {
		year   int
		layout string
	}{{2019, "2019"}, {2020, "2019"}, {2021, "2021"}, {2025, "2021"}} {
		src := report.Format(report.NewReport("mou-ju", tc.year), "某局")
		r, findings := report.Check("new.md", src)
		if r == nil {
			t.Fatalf("%d: does not parse: %v", tc.year, findings)
		}
		if got := r.Layout(); got != tc.layout {
			t.Errorf("%d: layout %s, want %s", tc.year, got, tc.layout)
		}
		var got []string
		for _, f := range findings {
			got = append(got, string(f.Severity)+"["+f.Rule+"] "+f.Path)
		}
		want := []string{"warning[N2] table2", "warning[N2] table3", "warning[N2] table4"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d: findings %v, want %v\n%s", tc.year, findings, want, src)
		}
	}
}

func TestNewAgencyNameplates(t *testing.T) {
	for _, tc := range []struct {
		in, name, key string
		aliases       []string
	}{
		{"淮安市人民政府", "淮安市人民政府", "huai-an-shi-ren-min-zheng-fu", nil},
		{"淮北市人民政府办公室（外事办公室）", "淮北市人民政府办公室", "huai-bei-shi-ren-min-zheng-fu-ban-gong-shi", []string{"淮北市人民政府办公室（外事办公室）"}},
		{"某局(某办)", "某局", "mou-ju", []string{"某局(某办)"}},
		{"（某办）", "（某办）", "mou-ban", nil},
	} {
		a := report.NewAgency(tc.in)
		if a.Name != tc.name || a.Key != tc.key || !reflect.DeepEqual(a.Aliases, tc.aliases) {
			t.Errorf("NewAgency(%q) = %q %q %q; want %q %q %q", tc.in, a.Name, a.Key, a.Aliases, tc.name, tc.key, tc.aliases)
		}
	}
}

// TestWindowsLineEnds: a file saved with \r\n (or old Mac \r) line ends gives
// the same findings at the same places as with \n.
func TestWindowsLineEnds(t *testing.T) {
	src := mustRead(t, "../../content/reports/2020/huai-bei-shi-ren-min-zheng-fu-ban-gong-shi.md")
	_, want := report.Check("f.md", src)
	if len(want) == 0 {
		t.Fatal("the sample report has no findings to compare")
	}
	for name, end := range map[string]string{"CRLF": "\r\n", "CR": "\r"} {
		_, got := report.Check("f.md", []byte(strings.ReplaceAll(string(src), "\n", end)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: findings\n%v\nwant\n%v", name, got, want)
		}
	}
	// After a comment line the YAML library counts \r\n as two lines.
	_, a := report.ParseAgency("a.yaml", "a", []byte("#\r\n00"))
	if len(a) != 1 || a[0].Line != 2 {
		t.Errorf("agency with CRLF: %v, want one finding on line 2", a)
	}
}

// TestAmountsNormalised: open data gives an amount as written and in 元.
func TestAmountsNormalised(t *testing.T) {
	for _, tc := range []struct {
		written string
		value   float64
		unit    any
		yuan    any
	}{
		{"83.82 万元", 83.82, "万元", 838200.0},
		{"3481775656.00 元", 3481775656, "元", 3481775656.0},
		{"1.2 亿元", 1.2, "亿元", 120000000.0},
		{"299.8", 299.8, nil, nil},
	} {
		src := strings.Replace(string(report.Format(report.NewReport("mou-ju", 2020), "某局")),
			"采购总金额: null", "采购总金额: "+tc.written, 1)
		r, fs := report.Check("f.md", []byte(src))
		if r == nil {
			t.Fatalf("%s: %v", tc.written, fs)
		}
		data := roundTripJSON(t, report.OpenData(r, nil, nil))
		got := data["section2"].(map[string]any)["政府集中采购"].(map[string]any)["采购总金额"]
		want := map[string]any{"value": tc.value, "unit": tc.unit, "yuan": tc.yuan}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", tc.written, got, want)
		}
	}
}

func roundTripJSON(t *testing.T, v any) map[string]any {
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
