package changes_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"sitegen/internal/changes"
)

// show formats a figure change compactly: path kind prev→cur (delta unit).
func show(f changes.FigureChange) string {
	s := fmt.Sprintf("%s %s %s→%s", f.Path, f.Kind, f.Prev, f.Cur)
	if f.HasDelta {
		s += fmt.Sprintf(" (%+g%s)", f.Delta, f.Unit)
	}
	return s
}

func TestFigures(t *testing.T) {
	tests := []struct {
		name      string
		prev, cur string
		want      []string // show() of every change, in order
		summary   changes.Summary
	}{
		{
			name: "identical reports", prev: base2020, cur: base2020,
			summary: changes.Summary{Unchanged: 22 + 23*7 + 15},
		},
		{
			name: "one count up, one down",
			prev: base2020,
			cur: edit(t, base2020,
				"行政许可: {上一年项目数量: 3, 本年增/减: +1, 处理决定数量: 7}", "行政许可: {上一年项目数量: 3, 本年增/减: +1, 处理决定数量: 12}",
				"行政复议: [1, 0, 0, 1, 2]", "行政复议: [0, 0, 0, 1, 2]"),
			want: []string{
				"table2.行政许可.处理决定数量 changed 7→12 (+5)",
				"table4.行政复议.结果维持 changed 1→0 (-1)",
			},
			summary: changes.Summary{Changed: 2, Unchanged: 22 + 23*7 + 15 - 2},
		},
		{
			name: "a signed change turns negative",
			prev: base2020,
			cur:  edit(t, base2020, "本年增/减: +1", "本年增/减: -2"),
			want: []string{"table2.行政许可.本年增/减 changed 1→-2 (-3)"},
		},
		{
			name: "the same amount in other units",
			prev: edit(t, base2020, "采购总金额: 12.5 万元", "采购总金额: 83.82 万元"),
			cur:  edit(t, base2020, "采购总金额: 12.5 万元", "采购总金额: 838200 元"),
		},
		{
			name: "an amount changed, delta in the current unit",
			prev: edit(t, base2020, "采购总金额: 12.5 万元", "采购总金额: 83.82 万元"),
			cur:  edit(t, base2020, "采购总金额: 12.5 万元", "采购总金额: 900000 元"),
			want: []string{"table2.政府集中采购.采购总金额 changed 83.82 万元→900000 元 (+61800元)"},
		},
		{
			name: "an amount without unit is taken in 万元",
			prev: edit(t, base2020, "采购总金额: 12.5 万元", "采购总金额: 1 亿元"),
			cur:  edit(t, base2020, "采购总金额: 12.5 万元", "采购总金额: 9999.99"),
			want: []string{"table2.政府集中采购.采购总金额 changed 1 亿元→9999.99 (-0.01万元)"},
		},
		{
			name: "blank before, blank now",
			prev: edit(t, base2020, "复议后起诉: [0, 0, 0, 0, 0]", "复议后起诉: [0, 0, 0, 0, null]"),
			cur:  edit(t, base2020, "未经复议直接起诉: [0, 1, 0, 0, 1]", "未经复议直接起诉: [0, 1, 0, 0, null]"),
			want: []string{
				"table4.行政诉讼.未经复议直接起诉.总计 removed 1→空",
				"table4.行政诉讼.复议后起诉.总计 added 空→0",
			},
			summary: changes.Summary{Added: 1, Removed: 1, Unchanged: 22 + 23*7 + 15 - 2},
		},
		{
			name: "a table only in the previous report",
			prev: base2020,
			cur:  edit(t, base2020, "table4:\n  行政复议: [1, 0, 0, 1, 2]\n  行政诉讼:\n    未经复议直接起诉: [0, 1, 0, 0, 1]\n    复议后起诉: [0, 0, 0, 0, 0]\n", ""),
			want: []string{
				"table4.行政复议.结果维持 removed 1→空",
				"table4.行政复议.尚未审结 removed 1→空",
				"table4.行政复议.总计 removed 2→空",
				"table4.行政诉讼.未经复议直接起诉.结果纠正 removed 1→空",
				"table4.行政诉讼.未经复议直接起诉.总计 removed 1→空",
			},
			// Blank cells of table 四 that were 0 before are removed figures too.
			summary: changes.Summary{Removed: 15, Unchanged: 22 + 23*7},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, sum := changes.Figures(load(t, tt.prev), load(t, tt.cur))
			var shown []string
			for _, f := range got {
				if f.Kind == changes.Removed && f.Prev.Value == 0 {
					continue // zeros removed with a whole table: counted, not shown here
				}
				shown = append(shown, show(f))
			}
			if !slices.Equal(shown, tt.want) {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(shown, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.summary != (changes.Summary{}) && sum != tt.summary {
				t.Errorf("summary %+v, want %+v", sum, tt.summary)
			}
		})
	}
}

// TestFiguresAcrossLayouts compares a 2020 report (2019 layout) with a
// 2021 one: renamed rows of table 二 match, the 2021 sub-items of
// （六）其他处理 are summed against the single 2019 row.
func TestFiguresAcrossLayouts(t *testing.T) {
	cur := edit(t, base2021, "3.其他: [0, 0, 0, 0, 0, 0, 0]", "3.其他: [2, 0, 0, 0, 0, 0, 2]")
	got, sum := changes.Figures(load(t, base2020), load(t, cur))
	byPath := map[string]changes.FigureChange{}
	var order []string
	for _, f := range got {
		byPath[f.Path] = f
		order = append(order, f.Path)
		if strings.HasPrefix(f.Path, "table3.（六）其他处理/") {
			t.Errorf("sub-item listed: %s", show(f))
		}
	}
	for _, tt := range []struct {
		path, want string
		prevLabels []string
	}{
		{"table2.行政规范性文件.本年制发件数", "table2.行政规范性文件.本年制发件数 changed 2→3 (+1)", []string{"规范性文件", "本年新制作数量"}},
		{"table2.行政许可.本年处理决定数量", "table2.行政许可.本年处理决定数量 changed 7→40 (+33)", []string{"行政许可", "处理决定数量"}},
		{"table2.行政处罚.本年处理决定数量", "table2.行政处罚.本年处理决定数量 changed 9→8 (-1)", []string{"行政处罚", "处理决定数量"}},
		{"table2.规范性文件.对外公开总数量", "table2.规范性文件.对外公开总数量 removed 10→空", nil},
		{"table2.政府集中采购.采购总金额", "table2.政府集中采购.采购总金额 removed 12.5 万元→空", nil},
		{"table2.行政规范性文件.现行有效件数", "table2.行政规范性文件.现行有效件数 added 空→12", nil},
		{"table2.行政事业性收费.本年收费金额", "table2.行政事业性收费.本年收费金额 added 空→3.5 万元", nil},
		{"table3.（六）其他处理.自然人", "table3.（六）其他处理.自然人 changed 1→3 (+2)", []string{"（六）其他处理", "自然人"}},
		{"table3.（六）其他处理.总计", "table3.（六）其他处理.总计 changed 1→3 (+2)", []string{"（六）其他处理", "总计"}},
		{"table3.一、本年新收政府信息公开申请数量.法律服务机构", "table3.一、本年新收政府信息公开申请数量.法律服务机构 changed 0→1 (+1)", nil},
	} {
		f, ok := byPath[tt.path]
		if !ok {
			t.Errorf("%s not listed", tt.path)
			continue
		}
		if show(f) != tt.want || !slices.Equal(f.PrevLabels, tt.prevLabels) {
			t.Errorf("%s, prev labels %q; want %s, %q", show(f), f.PrevLabels, tt.want, tt.prevLabels)
		}
	}
	// Unchanged across the rename: 规章 本年新制作数量 1 = 本年制发件数 1;
	// the other columns of （六） sum to the 2019 row's 0s.
	for _, p := range []string{"table2.规章.本年制发件数", "table2.规章.本年新制作数量", "table3.（六）其他处理.商业企业"} {
		if f, ok := byPath[p]; ok {
			t.Errorf("unchanged figure listed: %s", show(f))
		}
	}
	if f := byPath["table3.（六）其他处理.总计"]; f.Labels[0] != "（六）其他处理（1–3项合计）" {
		t.Errorf("summed row labelled %q", f.Labels)
	}
	// Form order of the current report; the 2019-only columns of a row come
	// where they stood in the 2019 form, before the next figure both have.
	wantOrder := []string{
		"table2.规章.本年废止件数", "table2.规章.现行有效件数", // 2021 only
		"table2.规章.本年新公开数量", "table2.规章.对外公开总数量", // 2019 only
		"table2.行政规范性文件.本年制发件数",
	}
	if len(order) < len(wantOrder) || !slices.Equal(order[:len(wantOrder)], wantOrder) {
		t.Errorf("order begins %q, want %q", order[:min(len(order), len(wantOrder))], wantOrder)
	}
	if last := order[len(order)-1]; last != "table4.行政诉讼.复议后起诉.总计" {
		t.Errorf("last change %s", last)
	}
	// Table 二: 5 figures match (the renames), 5 are 2021's only, 17 the
	// 2019 form's only; tables 三 (with （六） summed) and 四: 161 + 15 match.
	// Of the 181 matched, 3 of table 二, 16 of 三 and 9 of 四 differ.
	if want := (changes.Summary{Changed: 28, Added: 5, Removed: 17, Unchanged: 153}); sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	// Reversed, the same figures match: the 2021 report's sub-items are
	// summed on the previous side.
	back, _ := changes.Figures(load(t, cur), load(t, base2020))
	for _, f := range back {
		if f.Path == "table3.（六）其他处理.自然人" && show(f) != "table3.（六）其他处理.自然人 changed 3→1 (-2)" {
			t.Errorf("reversed: %s", show(f))
		}
		if f.Path == "table2.规范性文件.本年新制作数量" && show(f) != "table2.规范性文件.本年新制作数量 changed 3→2 (-1)" {
			t.Errorf("reversed: %s", show(f))
		}
	}
}
