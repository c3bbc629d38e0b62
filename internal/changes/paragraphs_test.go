package changes

import (
	"slices"
	"testing"
)

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"empty", "", nil},
		{"blank lines split", "甲。\n\n乙。\n\n\n丙。", []string{"甲。", "乙。", "丙。"}},
		{"lines of one paragraph stay together", "第一行\n第二行\n\n下一段", []string{"第一行\n第二行", "下一段"}},
		{"trailing spaces and CR are dropped", "甲。  \r\n \t\r\n乙。", []string{"甲。", "乙。"}},
		{"a loose list is one paragraph", "做法：\n\n- 一\n\n- 二\n\n  续\n\n1. 三\n\n后记。",
			[]string{"做法：", "- 一\n\n- 二\n\n  续\n\n1. 三", "后记。"}},
		{"a table is one paragraph", "| 项目 | 数量 |\n|---|---|\n| 甲 | 1 |\n\n说明。", []string{"| 项目 | 数量 |\n|---|---|\n| 甲 | 1 |", "说明。"}},
		{"a fence is one paragraph", "```\n甲\n\n乙\n```\n\n丙", []string{"```\n甲\n\n乙\n```", "丙"}},
		{"1.属于 without a space is no list item", "1.甲\n\n2.乙", []string{"1.甲", "2.乙"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paragraphs(tt.body); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}
