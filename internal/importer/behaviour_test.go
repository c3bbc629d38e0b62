package importer

import (
	"errors"
	"strings"
	"testing"

	"sitegen/internal/report"
)

// A small report in the one-cell-per-line layout; tests break parts of it.
var smallReport = `某市某局
2021年政府信息公开工作年度报告
一、总体情况
2021年，我局认真贯彻《条例》。
二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
0
0
0
行政规范性文件
3
1
12
第二十条第（五）项
信息内容
本年处理决定数量
行政许可
5
第二十条第（六）项
行政处罚
2
行政强制
0
第二十条第（八）项
行政事业性收费
1.5
` + table3Text + `四、政府信息公开行政复议、行政诉讼情况
行政复议
行政诉讼
结果维持
0
0
0
0
0
0
0
0
0
0
0
0
0
0
0
五、存在的主要问题及改进情况
一是人员不足。
六、其他需要报告的事项
无。
某市某局
2022年1月20日
`

// table3Text is table 三 of the 2021 layout, all zero, one cell per line.
var table3Text = func() string {
	var b strings.Builder
	b.WriteString("三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n")
	group := ""
	for _, r := range report.Table3Rows[report.Layout2021] {
		if r.Group != "" && r.Group != group {
			b.WriteString(r.Group + "\n")
			group = r.Group
		}
		b.WriteString(r.Label + "\n" + strings.Repeat("0\n", 7))
	}
	return b.String()
}()

func TestBehaviour(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(string) string
		errors []string // substrings of the error problems, in order
		check  func(t *testing.T, r *report.Report)
	}{
		{name: "clean", edit: func(s string) string { return s }, check: func(t *testing.T, r *report.Report) {
			if r.Year != 2021 || r.Agency != report.Slug("某市某局") || r.Published != "2022-01-20" {
				t.Errorf("metadata: year %d agency %q published %q", r.Year, r.Agency, r.Published)
			}
			if c := r.Table2.Get("行政规范性文件", "现行有效件数"); !c.Set || c.Value != 12 {
				t.Errorf("行政规范性文件 现行有效件数 = %v", c)
			}
			if s := r.Section("六"); s == nil || strings.Contains(s.Body, "某市某局") || strings.Contains(s.Body, "2022") {
				t.Errorf("section 六 = %+v, want 无。 without the signature", s)
			}
		}},
		{name: "a row short of a number is left blank",
			edit: func(s string) string {
				return strings.Replace(s, "行政规范性文件\n3\n1\n12\n", "行政规范性文件\n3\n12\n", 1)
			},
			errors: []string{"row 行政规范性文件: 2 numbers and 0 blank cells for 3 columns"},
			check: func(t *testing.T, r *report.Report) {
				if c := r.Table2.Get("行政规范性文件", "本年制发件数"); c.Set {
					t.Errorf("misaligned row read as %v, want blank", c)
				}
				if c := r.Table2.Get("规章", "现行有效件数"); !c.Set {
					t.Errorf("the row before it was lost")
				}
			}},
		{name: "a dash is a blank cell, not zero",
			edit: func(s string) string { return strings.Replace(s, "行政许可\n5\n", "行政许可\n-\n", 1) },
			check: func(t *testing.T, r *report.Report) {
				if c := r.Table2.Get("行政许可", "本年处理决定数量"); c.Set {
					t.Errorf("dash read as %v", c)
				}
			}},
		{name: "table 四 with a number missing is left blank",
			edit:   func(s string) string { return strings.Replace(s, "结果维持\n0\n", "结果维持\n", 1) },
			errors: []string{"14 numbers and 0 blank cells for 15 cells"},
			check: func(t *testing.T, r *report.Report) {
				if c := r.Table4.Get(0, 0); c.Set {
					t.Errorf("table 四 read as %v", c)
				}
			}},
		{name: "numbers under an unknown label",
			edit: func(s string) string {
				return strings.Replace(s, "行政许可\n5\n", "行政许可\n5\n某某事项\n7\n", 1)
			},
			errors: nil, // one value under a label: kept as an extra row, with a warning
			check: func(t *testing.T, r *report.Report) {
				if len(r.Table2.Extra) != 1 || r.Table2.Extra[0].Label != "某某事项" {
					t.Errorf("extra rows = %+v", r.Table2.Extra)
				}
			}},
		{name: "traditional characters and renumbered headings",
			edit: func(s string) string {
				s = strings.Replace(s, "一、总体情况", "1、 總體情況", 1)
				return strings.Replace(s, "行政规范性文件", "行政規範性檔案", 1)
			},
			check: func(t *testing.T, r *report.Report) {
				if r.Section("一") == nil || !r.Table2.Get("行政规范性文件", "本年制发件数").Set {
					t.Errorf("sections %+v, table2 %+v", r.Sections, r.Table2.Rows)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Text("small.txt", []byte(tc.edit(smallReport)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var errs []string
			for _, p := range res.Problems {
				if p.Severity == "error" {
					errs = append(errs, p.Message)
				}
			}
			if len(errs) != len(tc.errors) {
				t.Fatalf("errors %q, want %q", errs, tc.errors)
			}
			for i := range errs {
				if !strings.Contains(errs[i], tc.errors[i]) {
					t.Errorf("error %q, want %q", errs[i], tc.errors[i])
				}
			}
			if tc.check != nil {
				tc.check(t, res.Report)
			}
		})
	}
}

func TestNotAReport(t *testing.T) {
	for _, in := range []string{"", "hello\nworld\n", "\xff\xfe不是UTF-8"} {
		if _, err := Text("x.txt", []byte(in), Options{}); err == nil {
			t.Errorf("Text(%q) succeeded", in)
		} else if in != "\xff\xfe不是UTF-8" && !errors.Is(err, ErrNoReport) {
			t.Errorf("Text(%q): %v", in, err)
		}
	}
}
