package opendata_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"sitegen/internal/render/opendata"
	"sitegen/internal/report"
)

// TestReportCSVGolden writes a report of each layout as the national form.
func TestReportCSVGolden(t *testing.T) {
	for _, tc := range []struct{ name, file string }{
		{"report-2019", "reports/2020/de-hui-shi-ji-guan-shi-wu-guan-li-ju.md"},
		{"report-2021", "reports/2024/huai-an-shi-ren-min-zheng-fu.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, a := loadReport(t, tc.file)
			var b bytes.Buffer
			if err := opendata.ReportCSV(&b, r, a); err != nil {
				t.Fatal(err)
			}
			for i, rec := range readCSV(t, b.Bytes()) {
				if len(rec) != 10 {
					t.Errorf("line %d has %d fields, want 10: %q", i+1, len(rec), rec)
				}
			}
			golden(t, tc.name+".csv", b.Bytes())
		})
	}
}

// blankReport is a report of the given layout with every table present and
// every cell blank.
func blankReport(layout report.Layout) *report.Report {
	year := 2020
	if layout == report.Layout2021 {
		year = 2022
	}
	return &report.Report{Agency: "mou-ju", Year: year,
		Table2: &report.Table2{Layout: layout, Rows: map[string]map[string]report.Cell{}},
		Table3: &report.Table3{Layout: layout, Rows: map[string][]report.Cell{}},
		Table4: &report.Table4{}}
}

func with2(r *report.Report, row, col string, c report.Cell) *report.Report {
	if r.Table2.Rows[row] == nil {
		r.Table2.Rows[row] = map[string]report.Cell{}
	}
	r.Table2.Rows[row][col] = c
	return r
}

// TestReportCSVCells: blank cells stay blank, amounts keep their unit,
// signed changes their sign, absent tables are blank grids.
func TestReportCSVCells(t *testing.T) {
	money := func(v float64, unit string) report.Cell { return report.Cell{Set: true, Value: v, Unit: unit} }
	absent := blankReport(report.Layout2021)
	absent.Table2, absent.Table3, absent.Table4 = nil, nil, nil
	for _, tc := range []struct {
		name   string
		r      *report.Report
		prefix []string // the line starting with these fields …
		want   []string // … continues with these
	}{
		{"blank count", blankReport(report.Layout2019), []string{"规章"}, []string{"", "", ""}},
		{"zero is not blank", with2(blankReport(report.Layout2019), "规章", "本年新公开数量", report.Num(0)), []string{"规章"}, []string{"", "0", ""}},
		{"negative change", with2(blankReport(report.Layout2019), "行政许可", "本年增/减", report.Num(-3)), []string{"行政许可"}, []string{"", "-3", ""}},
		{"amount in 万元", with2(blankReport(report.Layout2019), "政府集中采购", "采购总金额", money(83.82, "万元")), []string{"政府集中采购"}, []string{"", "83.82", "万元"}},
		{"amount in 元", with2(blankReport(report.Layout2019), "政府集中采购", "采购总金额", money(3481775656, "元")), []string{"政府集中采购"}, []string{"", "3481775656", "元"}},
		{"amount without unit", with2(blankReport(report.Layout2019), "政府集中采购", "采购总金额", money(299.8, "")), []string{"政府集中采购"}, []string{"", "299.8", ""}},
		{"blank amount", blankReport(report.Layout2019), []string{"政府集中采购"}, []string{"", "", ""}},
		{"2019 amount header", blankReport(report.Layout2019), []string{"信息内容", "采购项目数量"}, []string{"采购总金额", "单位"}},
		{"fixed unit", with2(blankReport(report.Layout2021), "行政事业性收费", "本年收费金额", money(96171.6, "")), []string{"行政事业性收费"}, []string{"96171.6", "万元"}},
		{"fixed unit written otherwise", with2(blankReport(report.Layout2021), "行政事业性收费", "本年收费金额", money(1.2, "亿元")), []string{"行政事业性收费"}, []string{"1.2", "亿元"}},
		{"2021 amount header", blankReport(report.Layout2021), []string{"信息内容", "本年收费金额"}, []string{"单位"}},
		{"absent table 二", absent, []string{"行政规范性文件"}, []string{"", "", ""}},
		{"absent table 三", absent, []string{report.RowResults, "（六）其他处理", "3.其他"}, []string{"", "", "", "", "", "", ""}},
		{"absent table 四", absent, []string{"行政诉讼", "复议后起诉"}, []string{"", "", "", "", ""}},
		{"2019 single 其他处理", blankReport(report.Layout2019), []string{report.RowResults, "（六）其他处理", ""}, []string{"", "", "", "", "", "", ""}},
		{"no year", &report.Report{Agency: "k"}, []string{"年度"}, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := opendata.ReportCSV(&b, tc.r, nil); err != nil {
				t.Fatal(err)
			}
			rec := line(t, readCSV(t, b.Bytes()), tc.prefix...)
			got := rec[len(tc.prefix) : len(tc.prefix)+len(tc.want)]
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q: got %q, want %q", tc.prefix, got, tc.want)
			}
		})
	}
}

// TestReportCSVExtraRows: rows a province adds follow table 二.
func TestReportCSVExtraRows(t *testing.T) {
	r := blankReport(report.Layout2019)
	r.Table2.Extra = []report.ExtraRow{{Label: "政府信息公开发布总数量（非新闻类、消息类）", Cell: report.Num(15)}, {Label: "空行"}}
	var b bytes.Buffer
	if err := opendata.ReportCSV(&b, r, nil); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, b.Bytes())
	if got := line(t, recs, "政府信息公开发布总数量（非新闻类、消息类）")[1]; got != "15" {
		t.Errorf("extra row: %q", got)
	}
	if got := line(t, recs, "空行")[1]; got != "" {
		t.Errorf("blank extra row: %q", got)
	}
	if got := line(t, recs, "机关")[1]; got != "mou-ju" {
		t.Errorf("agency without a record is named %q, want its key", got)
	}
}

func TestReportCSVWriteError(t *testing.T) {
	r := blankReport(report.Layout2021)
	for _, n := range []int{0, 10, 1000} {
		if err := opendata.ReportCSV(&failWriter{n: n}, r, nil); !errors.Is(err, errFull) {
			t.Errorf("after %d bytes: %v, want %v", n, err, errFull)
		}
	}
}
