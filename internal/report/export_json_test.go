package report_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"testing"

	"sitegen/internal/report"
)

// oldObject is the encoder Object.MarshalJSON had before AppendJSON: every
// member through its own json.Encoder, nested objects re-compacted by the
// outer encoder. The tests hold the new one to its bytes.
type oldObject report.Object

func (o oldObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := oldMarshal(f.Key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := oldMarshal(f.Value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func oldMarshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(asOld(v)); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// asOld swaps every Object in v for an oldObject, so nested objects go
// through the old encoder too.
func asOld(v any) any {
	switch v := v.(type) {
	case report.Object:
		out := make(oldObject, len(v))
		for i, f := range v {
			out[i] = report.Field{Key: f.Key, Value: asOld(f.Value)}
		}
		return out
	case []any:
		if v == nil {
			return v
		}
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = asOld(x)
		}
		return out
	}
	return v
}

func loadContent(tb testing.TB) (*report.Site, []report.Finding) {
	tb.Helper()
	site, findings, err := report.Load(os.DirFS("../../content"), "content")
	if err != nil {
		tb.Fatal(err)
	}
	if len(site.Reports) == 0 {
		tb.Fatal("no reports under content/")
	}
	return site, findings
}

func openData(site *report.Site, findings []report.Finding) []report.Object {
	var out []report.Object
	for _, r := range site.Reports {
		var own []report.Finding
		for _, f := range findings {
			if f.File == r.File {
				own = append(own, f)
			}
		}
		out = append(out, report.OpenData(r, site.Agency(r), own))
	}
	return out
}

// TestOpenDataJSONUnchanged: for every bundled report, the open data is
// byte for byte what the old encoder wrote.
func TestOpenDataJSONUnchanged(t *testing.T) {
	site, findings := loadContent(t)
	for i, o := range openData(site, findings) {
		want, err := oldObject(asOld(o).(oldObject)).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		got, err := o.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", site.Reports[i].File, got, want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: invalid JSON", site.Reports[i].File)
		}
	}
}

// TestAppendJSONValues covers every kind of value and every escape.
func TestAppendJSONValues(t *testing.T) {
	f := report.Finding{File: "a<b>.md", Line: 3, Col: 7, Severity: report.Error, Rule: "B1", Message: "x & y"}
	full := f
	full.Path, full.Expected, full.Recorded = "table3.（七）总计", "1 + 2", "原文如此"
	for _, tc := range []struct {
		name string
		v    any
	}{
		{"html", "<a href=\"x\">&amp;</a>"},
		{"controls", "\x00\x01\x1f\b\f\t\n\r\"\\\x7f"},
		{"separators", "a\u2028b\u2029c"},
		{"invalid utf8", "a\xffb\xe2\x80c\xe2"},
		{"wide", "中文𠀀😀（一）“三安全一稳定”"},
		{"empty", ""},
		{"floats", []any{0.0, math.Copysign(0, -1), 0.1, 1e-6, 1e-7, 1.5e-300, 5e-324, 1e20, 1e21, 123456789.125, 838200.0, 3481775656.0, -46.0, math.MaxFloat64}},
		{"ints", []any{0, -1, 2020, int64(1) << 60}},
		{"bools", []any{true, false, nil}},
		{"nil slices", report.Object{{"a", []any(nil)}, {"b", []string(nil)}, {"c", []report.Finding(nil)}, {"d", report.Object(nil)}}},
		{"empty slices", report.Object{{"a", []any{}}, {"b", []string{}}, {"c", []report.Finding{}}, {"d", report.Object{}}}},
		{"strings", []string{"规章", "<&>", "\u2028"}},
		{"findings", []report.Finding{f, full}},
		{"finding", full},
		{"nested", report.Object{{"x<", report.Object{{"y", []any{report.Object{{"z", nil}}, "s"}}}}}},
		{"fallback", report.Object{{"map", map[string]int{"b&": 2, "a": 1}}, {"struct", struct{ A string }{"<"}}, {"float32", float32(0.1)}, {"uint", uint8(7)}}},
	} {
		o := report.Object{{tc.name + " <key>\u2028", tc.v}}
		want, err := asOld(o).(oldObject).MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, err := o.AppendJSON([]byte("prefix"))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(got) != "prefix"+string(want) {
			t.Errorf("%s:\n got %s\nwant prefix%s", tc.name, got, want)
		}
	}
}

func TestAppendJSONRejectsNaN(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), []any{math.Inf(-1)}} {
		if b, err := (report.Object{{"v", v}}).MarshalJSON(); err == nil {
			t.Errorf("%v: no error, wrote %s", v, b)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a<b", "\u2028", "\xff", "\x00\"\\", "中文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o := report.Object{{s, []any{s, []string{s}}}}
		want, err := asOld(o).(oldObject).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		got, err := o.MarshalJSON()
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, %v; want %s", s, got, err, want)
		}
	})
}

// BenchmarkOpenDataJSON encodes the open data of every bundled report:
// with AppendJSON into a reused buffer, with MarshalJSON, and with the old
// encoder for comparison.
func BenchmarkOpenDataJSON(b *testing.B) {
	site, findings := loadContent(b)
	objs := openData(site, findings)
	olds := make([]oldObject, len(objs))
	for i, o := range objs {
		olds[i] = asOld(o).(oldObject)
	}
	b.Run("AppendJSON", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			for _, o := range objs {
				var err error
				if buf, err = o.AppendJSON(buf[:0]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("MarshalJSON", func(b *testing.B) {
		for b.Loop() {
			for _, o := range objs {
				if _, err := o.MarshalJSON(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("old", func(b *testing.B) {
		for b.Loop() {
			for _, o := range olds {
				if _, err := o.MarshalJSON(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
