package opendata_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"testing"

	"sitegen/internal/render/opendata"
	"sitegen/internal/report"
)

// openData is every report's open-data JSON decoded, by agency key and year.
func openData(t *testing.T, rows []opendata.Row) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, row := range rows {
		b, err := json.Marshal(report.OpenData(row.Report, row.Agency, nil))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprint(row.Report.Agency, row.Report.Year)] = m
	}
	return out
}

// parseNum reads a numeric field back: nil when blank.
func parseNum(t *testing.T, s string) any {
	t.Helper()
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

func writeCSV(t *testing.T, write func(io.Writer, []opendata.Row) error, rows []opendata.Row, header []string) [][]string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, rows); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, b.Bytes())
	if !slices.Equal(recs[0], header) {
		t.Fatalf("header %q, want %q", recs[0], header)
	}
	for i, rec := range recs {
		if len(rec) != len(header) {
			t.Fatalf("line %d has %d fields, want %d", i+1, len(rec), len(header))
		}
	}
	return recs[1:]
}

// TestDatasetsMatchOpenData: the three dataset CSVs of the bundled reports
// parse back to the numbers of the open-data JSON, cell for cell.
func TestDatasetsMatchOpenData(t *testing.T) {
	rows, _ := loadSite(t)
	data := openData(t, rows)
	agencies := map[string]*report.Agency{}
	for _, row := range rows {
		agencies[row.Report.Agency] = row.Agency
	}
	id := func(rec []string) map[string]any {
		a := agencies[rec[0]]
		want := []string{rec[0], a.DisplayName(), a.Region.Province, a.Region.City, a.Region.District, a.Level}
		if !slices.Equal(rec[:6], want) {
			t.Errorf("identity %q, want %q", rec[:6], want)
		}
		d := data[rec[0]+rec[6]]
		if d == nil || d["layout"] != rec[7] {
			t.Fatalf("%q: no report of that agency, year and layout", rec[:8])
		}
		return d
	}

	cells := 0
	for _, rec := range writeCSV(t, opendata.Table2CSV, rows, opendata.Table2Header) {
		d := id(rec)
		item, row, col, value, unit, yuan := rec[8], rec[9], rec[10], parseNum(t, rec[11]), rec[12], parseNum(t, rec[13])
		if item == "" { // an extra row
			if got := d["extra_rows"].(map[string]any)[row]; got != value || col != "" {
				t.Errorf("%s %s: %v, open data %v", rec[0], row, value, got)
			}
			cells++
			continue
		}
		var want any
		for label, v := range d["section2"].(map[string]any)[row].(map[string]any) {
			if label == col || label == col+"（单位：万元）" {
				want = v
				cells++
			}
		}
		switch w := want.(type) {
		case map[string]any: // an amount as written
			if w["value"] != value || w["yuan"] != yuan || (w["unit"] != nil) != (unit != "") {
				t.Errorf("%s %s %s: %v %q %v, open data %v", rec[0], row, col, value, unit, yuan, w)
			}
		case float64:
			if unit != "" { // an amount in a column of fixed unit, given in that unit
				value, _ = report.Cell{Set: true, Value: w, Unit: "万元"}.In("元")
				w = yuan.(float64)
			}
			if value != w {
				t.Errorf("%s %s %s: %v, open data %v", rec[0], row, col, value, w)
			}
		default:
			if value != want {
				t.Errorf("%s %s %s: %v, open data %v", rec[0], row, col, value, want)
			}
		}
	}
	want := 0
	for _, d := range data {
		for _, row := range d["section2"].(map[string]any) {
			want += len(row.(map[string]any))
		}
		want += len(d["extra_rows"].(map[string]any))
	}
	if cells != want || cells == 0 {
		t.Errorf("table 二: %d cells, open data has %d", cells, want)
	}

	lines := 0
	for _, rec := range writeCSV(t, opendata.Table3CSV, rows, opendata.Table3Header) {
		d := id(rec)
		wantRow := d["section3"].(map[string]any)["rows"].(map[string]any)[rec[8]].([]any)
		for col := range report.Table3Columns {
			if got := parseNum(t, rec[11+col]); got != wantRow[col] {
				t.Errorf("%s %s %s: %v, open data %v", rec[0], rec[8], report.Table3Columns[col], got, wantRow[col])
			}
		}
		lines++
	}
	want = 0
	for _, row := range rows {
		if row.Report.Table3 != nil {
			want += len(report.Table3Rows[row.Report.Table3.Layout])
		}
	}
	if lines != want {
		t.Errorf("table 三: %d lines, want %d", lines, want)
	}

	lines = 0
	for _, rec := range writeCSV(t, opendata.Table4CSV, rows, opendata.Table4Header) {
		d := id(rec)
		g := slices.Index(report.Table4Groups, rec[8])
		for col := range report.Table4Columns {
			if got, want := parseNum(t, rec[9+col]), d["section4"].([]any)[g*5+col]; got != want {
				t.Errorf("%s %s %s: %v, open data %v", rec[0], rec[8], report.Table4Columns[col], got, want)
			}
		}
		lines++
	}
	want = 0
	for _, row := range rows {
		if row.Report.Table4 != nil {
			want += 3
		}
	}
	if lines != want {
		t.Errorf("table 四: %d lines, want %d", lines, want)
	}
}

// TestDatasetsAbsentTables: a report without a table has no lines in its
// dataset; a report without an agency record has empty agency columns.
func TestDatasetsAbsentTables(t *testing.T) {
	r := &report.Report{Agency: "mou-ju", Year: 2021}
	rows := []opendata.Row{{Report: r}}
	for _, tc := range []struct {
		name   string
		write  func(io.Writer, []opendata.Row) error
		header []string
	}{
		{"table2", opendata.Table2CSV, opendata.Table2Header},
		{"table3", opendata.Table3CSV, opendata.Table3Header},
		{"table4", opendata.Table4CSV, opendata.Table4Header},
	} {
		if recs := writeCSV(t, tc.write, rows, tc.header); len(recs) != 0 {
			t.Errorf("%s: %q", tc.name, recs)
		}
	}
	r.Table4 = &report.Table4{}
	recs := writeCSV(t, opendata.Table4CSV, rows, opendata.Table4Header)
	if want := []string{"mou-ju", "", "", "", "", "", "2021", "2021", "行政复议", "", "", "", "", ""}; !slices.Equal(recs[0], want) {
		t.Errorf("got %q, want %q", recs[0], want)
	}
	if err := opendata.Table3CSV(io.Discard, []opendata.Row{{}}); err == nil {
		t.Error("a row without a report: no error")
	}
}

func TestDatasetsWriteError(t *testing.T) {
	rows, _ := loadSite(t)
	for _, write := range []func(io.Writer, []opendata.Row) error{opendata.Table2CSV, opendata.Table3CSV, opendata.Table4CSV} {
		var b bytes.Buffer
		if err := write(&b, rows); err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 100, b.Len() / 2, b.Len() - 1} {
			if err := write(&failWriter{n: n}, rows); !errors.Is(err, errFull) {
				t.Errorf("after %d bytes: %v, want %v", n, err, errFull)
			}
		}
	}
}

// BenchmarkDatasetCSVs writes the three dataset CSVs of every bundled report.
func BenchmarkDatasetCSVs(b *testing.B) {
	rows, _ := loadSite(b)
	for b.Loop() {
		for _, write := range []func(io.Writer, []opendata.Row) error{opendata.Table2CSV, opendata.Table3CSV, opendata.Table4CSV} {
			if err := write(io.Discard, rows); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestFiguresCSV: one line per bundled report, each key figure as
// report.KeyFigures computes it, blank when the report has none.
func TestFiguresCSV(t *testing.T) {
	rows, _ := loadSite(t)
	recs := writeCSV(t, opendata.FiguresCSV, rows, opendata.FiguresHeader)
	if len(recs) != len(rows) {
		t.Fatalf("%d lines for %d reports", len(recs), len(rows))
	}
	for i, row := range rows {
		rec := recs[i]
		if rec[0] != row.Report.Agency || rec[2] != strconv.Itoa(row.Report.Year) {
			t.Errorf("line %d starts %q, want %s %d", i+1, rec[:3], row.Report.Agency, row.Report.Year)
		}
		for j, k := range report.KeyFigures {
			want := ""
			if c := k.Of(row.Report); c.Set {
				want = strconv.FormatFloat(c.Value, 'f', -1, 64)
			}
			if rec[3+j] != want {
				t.Errorf("%s %d %s = %q, want %q", row.Report.Agency, row.Report.Year, k.ID, rec[3+j], want)
			}
		}
	}
}
