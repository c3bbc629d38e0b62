package importer

import (
	"testing"
)

func TestParseValue(t *testing.T) {
	for _, tc := range []struct {
		in    string
		num   float64
		unit  string
		blank bool
		nil   bool
	}{
		{in: "0", num: 0},
		{in: " 36 ", num: 36},
		{in: "+205", num: 205},
		{in: "-46", num: -46},
		{in: "－52", num: -52},
		{in: "３６", num: 36},
		{in: "83.82万元", num: 83.82, unit: "万元"},
		{in: "3481775656.00元", num: 3481775656, unit: "元"},
		{in: "1.2 亿元", num: 1.2, unit: "亿元"},
		{in: "1,233", num: 1233},
		{in: "-", blank: true},
		{in: "—", blank: true},
		{in: "规章", nil: true},
		{in: "2024 年", nil: true},
		{in: "1.属于国家秘密", nil: true},
		{in: "12,34", nil: true},
	} {
		v := parseValue(tc.in)
		switch {
		case tc.nil:
			if v != nil {
				t.Errorf("parseValue(%q) = %+v, want not a value", tc.in, *v)
			}
		case v == nil:
			t.Errorf("parseValue(%q) = nil", tc.in)
		case v.blank != tc.blank || (!tc.blank && (v.num != tc.num || v.unit != tc.unit)):
			t.Errorf("parseValue(%q) = %+v", tc.in, *v)
		}
	}
}

func TestChunks(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // text, or #value, or _ for a blank
		sep  bool
	}{
		{in: "规章 |", want: []string{"规章"}},
		{in: "0 |", want: []string{"#0"}},
		{in: "|", want: []string{"_"}},
		{in: "|||", sep: true},
		{in: "\t本年增/减", want: []string{"本年增/减"}},
		{in: "规章            1          0        11", want: []string{"规章", "#1", "#0", "#11"}},
		{in: "行政许可 447228", want: []string{"行政许可", "#447228"}},
		{in: "本            2.其他法律行政法规禁止公开     30     1", want: []string{"本", "2.其他法律行政法规禁止公开", "#30", "#1"}},
		{in: "规章 | 1 | | 3 |", want: []string{"规章", "#1", "_", "#3"}},
	} {
		cs, sep := chunksOf(tc.in)
		var got []string
		for _, c := range cs {
			switch {
			case c.val == nil:
				got = append(got, c.text)
			case c.val.blank:
				got = append(got, "_")
			default:
				got = append(got, "#"+c.val.raw)
			}
		}
		if sep != tc.sep || len(got) != len(tc.want) {
			t.Errorf("chunksOf(%q) = %q sep=%v, want %q sep=%v", tc.in, got, sep, tc.want, tc.sep)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("chunksOf(%q) = %q, want %q", tc.in, got, tc.want)
				break
			}
		}
	}
}

func TestMatchHeading(t *testing.T) {
	for _, tc := range []struct{ in, num string }{
		{"一、总体情况", "一"},
		{"1、 总体情况", "一"},
		{"一、總體情況", "一"},
		{"     二、主动公开政府信息情况", "二"},
		{"\t收到和处理政府信息公开申请情况", "三"},
		{"[bookmark: _GoBack]四、政府信息公开行政复议、行政诉讼情况", "四"},
		{"四、政府信息公开行政法复议、行政诉讼情况", "四"},
		{"5、 存在的主要问题及改进情况", "五"},
		{"二、存在的不足", "五"},
		{"2021年政务公开工作思路", "五"},
		{"三、下一步工作打算", "五"},
		{"2021年工作计划", "五"},
		{"工作计划完成情况良好，全年按计划推进。", ""},
		{"六、其他需要报告的事项", "六"},
		{"（一）主动公开情况", ""},
		{"（二）存在问题", ""},
		{"三、本年度办理结果", ""},
		{"四、结转下年度继续办理", ""},
		{"2020年工作总结", ""},
		{"一、总体情况。2020年，我局认真贯彻落实《条例》，全面推进政务公开工作。", ""},
	} {
		lines := splitLines(tc.in)
		num, ok := matchHeading(lines[0])
		if num != tc.num || ok != (tc.num != "") {
			t.Errorf("matchHeading(%q) = %q, %v; want %q", tc.in, num, ok, tc.num)
		}
	}
}

func TestTableStart(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"第二十条第(一)项 |", 2},
		{"第二十条 第（一）项", 2},
		{"\t第二十条第（五）项", 2},
		{"(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |", 3},
		{"                                                         申请人情况", 3},
		{"一、本年（2020）新收政府信息公开申请数量", 3},
		{"行政复议 |", 4},
		{"          行政复议                              行政诉讼", 4},
		{"依据《条例》第二十条第（一）项的规定，我局主动公开了规章和规范性文件。", 0},
		{"全年未发生行政复议。", 0},
	} {
		if got := tableStart(splitLines(tc.in)[0]); got != tc.want {
			t.Errorf("tableStart(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestLabelScore(t *testing.T) {
	for _, tc := range []struct {
		label, own string
		ok         bool
	}{
		{"规范性文件", "規範性檔案", true},
		{"2.没有现成信息需要另行制作", "2.沒有現成信息需另行製作", true},
		{"2.其他法律行政法规禁止公开", "2.其他法律行政止公开", true},
		{"一、本年新收政府信息公开申请数量", "一、本年（2020）新收政府信息公开申请数量", true},
		{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(二)部分公开", true},
		{"（七）总计", "(七)总计", true},
		{"规章", "规范", false},
		{"2.重复申请", "4.无正当理由大量反复申请", true}, // a near miss: order decides
		{"1.属于国家秘密", "2.其他法律行政法规禁止公开", false},
	} {
		cores := [][]rune{core(tc.label)}
		if tc.label[0] == 0xef { // （二）
			cores = append(cores, core("部分公开"))
		}
		s := labelScore(cores, key(tc.own), key(tc.own))
		if (s > 0) != tc.ok {
			t.Errorf("labelScore(%q in %q) = %.2f, want found=%v", tc.label, tc.own, s, tc.ok)
		}
	}
}

func TestTidySpaces(t *testing.T) {
	for in, want := range map[string]string{
		"2024 年，全市共受理 3119 件":  "2024年，全市共受理3119件",
		"号 ， 邮 编 ： 223100":     "号，邮编：223100",
		"hzzwgk@126.com）。":     "hzzwgk@126.com）。",
		"IPV6 and HTML5 pages": "IPV6 and HTML5 pages",
	} {
		if got := tidySpaces(in); got != want {
			t.Errorf("tidySpaces(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDistances(t *testing.T) {
	for _, tc := range []struct {
		a, b           string
		edit, anywhere int
	}{
		{"", "", 0, 0},
		{"规范性文件", "规范性文件", 0, 0},
		{"其他法律行政法规禁止公开", "其他法律行政止公开", 3, 3},
		{"范性", "行政规范性文件", 5, 0},
		{"行政复议", "", 4, 4},
		{"", "行政", 2, 0},
	} {
		a, b := []rune(tc.a), []rune(tc.b)
		if got := editDistance(a, b); got != tc.edit {
			t.Errorf("editDistance(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.edit)
		}
		if got := approxDistance(a, b); got != tc.anywhere {
			t.Errorf("approxDistance(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.anywhere)
		}
	}
}
