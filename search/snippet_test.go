package search

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	mark := strings.NewReplacer(MarkStart, "[", MarkEnd, "]")
	for _, tc := range []struct{ text, query, want string }{
		// The terms of a simplified query found in traditional text,
		// marked as one passage in the original.
		{"財政預決算、行政規範性檔案、政府工作報告", "规范性文件", "財政預決算、行政[規範性檔案]、政府工作報告"},
		{"本年新收２０２０件", "2020", "本年新收[２０２０]件"},
		{"没有", "复议", ""},
		// A long text: the window with the most terms, cut with ….
		{strings.Repeat("无关的文字。", 30) + "行政复议案件" + strings.Repeat("其他内容。", 30), "行政复议",
			"… 字。无关的文字。无关的文字。无关的文字。[行政复议]案件其他内容。其他内容。其他内容。其他内容。其他内容。其他内容。其他内容。其他内容。其他内容。其他内容。其他内容 …"},
	} {
		if got := mark.Replace(snippet(tc.text, QueryTerms(tc.query))); got != tc.want {
			t.Errorf("snippet(%.20q…, %q) = %q, want %q", tc.text, tc.query, got, tc.want)
		}
	}
}
