package opendata_test

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"sitegen/internal/render/opendata"
	"sitegen/internal/report"
)

// hostile is a report whose every text field tries to be a formula, with a
// negative change that must stay a number.
func hostile() opendata.Row {
	r := blankReport(report.Layout2019)
	r.Agency = "-key"
	r.Title = "=HYPERLINK(\"http://x\",\"点此\")"
	r.Published = "@SUM(A1:A9)"
	with2(r, "行政许可", "本年增/减", report.Num(-3))
	with2(r, "行政许可", "上一年项目数量", report.Num(12))
	with2(r, "政府集中采购", "采购总金额", report.Cell{Set: true, Value: -1.5, Unit: "万元"})
	r.Table2.Extra = []report.ExtraRow{{Label: "+cmd|' /C calc'!A0", Cell: report.Num(-7)}, {Label: "\t=1+1", Cell: report.Num(1)}}
	r.Table4.Groups[report.GroupReview] = []report.Cell{report.Num(1), report.Num(0), report.Num(0), report.Num(0), report.Num(1)}
	a := &report.Agency{Key: "-key", Name: `=HYPERLINK("http://x")`, Level: "\r=2",
		Region: report.Region{Province: "+1", City: "-2", District: "@3"}}
	return opendata.Row{Report: r, Agency: a}
}

var dangerous = "=+-@\t\r"

// TestFormulaNeutralised: in every CSV, a field that a spreadsheet would
// read as a formula is either a number or neutralised with a quote.
func TestFormulaNeutralised(t *testing.T) {
	row := hostile()
	writers := map[string]func(io.Writer) error{
		"report": func(w io.Writer) error { return opendata.ReportCSV(w, row.Report, row.Agency) },
		"table2": func(w io.Writer) error { return opendata.Table2CSV(w, []opendata.Row{row}) },
		"table3": func(w io.Writer) error { return opendata.Table3CSV(w, []opendata.Row{row}) },
		"table4": func(w io.Writer) error { return opendata.Table4CSV(w, []opendata.Row{row}) },
	}
	for name, write := range writers {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		fields := map[string]bool{}
		for _, rec := range readCSV(t, b.Bytes()) {
			for _, f := range rec {
				fields[f] = true
				if f == "" || !strings.ContainsRune(dangerous, rune(f[0])) {
					continue
				}
				if _, err := strconv.ParseFloat(f, 64); err != nil {
					t.Errorf("%s: formula %q not neutralised", name, f)
				}
			}
		}
		// The level "\r=2" reads back as "'=2": with UseCRLF the csv
		// writer drops a lone CR.
		want := map[string][]string{
			"report": {`'=HYPERLINK("http://x")`, `'=HYPERLINK("http://x","点此")`, "'@SUM(A1:A9)", "-3", "-1.5", "-7", "'+cmd|' /C calc'!A0", "'\t=1+1"},
			"table2": {`'=HYPERLINK("http://x")`, "'-key", "'+1", "'-2", "'@3", "'=2", "-3", "-1.5", "-15000", "-7", "'+cmd|' /C calc'!A0"},
			"table3": {`'=HYPERLINK("http://x")`, "'-key", "'=2"},
			"table4": {`'=HYPERLINK("http://x")`, "'+1", "1"},
		}[name]
		for _, f := range want {
			if !fields[f] {
				t.Errorf("%s: no field %q", name, f)
			}
		}
	}
}
