package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGridLabels reads the labels of table rows laid out as pdftotext
// -layout writes them, where the line of a row's numbers has no text in
// the sub-items' column: the label is the text of that column wrapped
// around the line, without the group and vertical labels further left.
func TestGridLabels(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []string // the own label of each row, in order
	}{
		{
			// The numbers of 2. and 3. stand on lines with no text, or
			// only a character of the vertical label 三、本年度办理结果;
			// the vertical label and （四）无法提供 share the lines of the
			// wrapped sub-item labels.
			name: "no text on the numbers line",
			text: `
        8.属于行政查询事项    105         0    0   0   0    0   105
        1.本机关不掌握相关政
                      746         12   0   0   10   1   769
三、      府信息
本 （四）   2.没有现成信息需要另
年 无法提   行制作
                      11          0    0   0   0    0   11
度  供
        3.补正后申请内容仍不
办                      1          0    0   0   0    0    1
        明确
理
结       1.信访举报投诉类申请   56          6    0   0   0    0   62
果       2.重复申请        25          0    0   0   0    0   25
`,
			want: []string{
				"8.属于行政查询事项",
				"1.本机关不掌握相关政府信息",
				"2.没有现成信息需要另行制作",
				"3.补正后申请内容仍不明确",
				"1.信访举报投诉类申请",
				"2.重复申请",
			},
		},
		{
			// The only text on the numbers line of 4. is 理, the end of
			// the group label （五）不予处理, left of the column; the group
			// label and 4. are a single space apart on the line above.
			name: "group label piece on the numbers line",
			text: `
        1.信访举报投诉类申请   56          6    0   0   0    0   62
        2.重复申请        25          0    0   0   0    0   25
 （五） 3.要求提供公开出版物       0          0    0   0   0    0    0
 不予处 4.无正当理由大量反复
  理                    0          0    0   0   0    0    0
     申请
        5.要求行政机关确认或
                       1          0    0   0   0    0    1
        重新出具已获取信息
     1.申请人无正当理由逾
     期不补正、行政机关不
                      67          3    0   0   1    0   71
     再处理其政府信息公开
 （六） 申请
 其他处 2.申请人逾期未按收费
  理  通知要求缴纳费用、行
                       6          0    0   0   0    0    6
     政机关不再处理其政府
     信息公开申请
        3.其他          108         2    0   0   0    0   110
 （七）总计                2932        53   0   0   61   4   3050
`,
			want: []string{
				"1.信访举报投诉类申请",
				"2.重复申请",
				"3.要求提供公开出版物",
				"4.无正当理由大量反复申请",
				"5.要求行政机关确认或重新出具已获取信息",
				"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
				"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
				"3.其他",
				"（七）总计",
			},
		},
		{
			// A group without sub-items whose label wraps around its
			// numbers line in the group column keeps all of it, single
			// spaces of justified text included; the row whose label is
			// left of the column is a top-level row, not a piece.
			name: "group label around the numbers line",
			text: `
一、本年新收政府信息公开申请数量                             21    0      0     0   0   0     21
二、上年结转政府信息公开申请数量                              0    0      0     0   0   0     0
                  （一）予以公开                     0    0      0     0   0   0     0
                  （二）部分公开（区分处理的，只计这一情 形，不
                  计其他情形）
                                              4    0      0     0   0   0     4
                            1.属于国家秘密         1     0      0     0   0   0     1
                            2.其他法律行政止公开      0     0      0     0   0   0     0
                            3.危及“三安全一稳定”     0     0      0     0   0   0     0
`,
			want: []string{
				"一、本年新收政府信息公开申请数量",
				"二、上年结转政府信息公开申请数量",
				"（一）予以公开",
				"（二）部分公开（区分处理的，只计这一情 形，不计其他情形）",
				"1.属于国家秘密",
				"2.其他法律行政止公开",
				"3.危及“三安全一稳定”",
			},
		},
		{
			// A page break moves the table left: the column is the one
			// of the rows nearby, and a word of a label justified across
			// its cell is not taken for the column's.
			name: "column moved by a page break",
			text: `
                            6.属于四类过程性信息      1     0      0     0   0   0     1
                            7.属于行政执法案卷       1     0      0     0   0   0     1
                  （四）无法提供
                            2.没有现成信息需要另行制作   3     0      0     0   0   0     3

                 3.补正后申请内容仍不明确         0    0   0   0    0    0   0
                 1.信访举报投诉类申请           1    0   0   0    0    0   1
                 3.要求提供公开出版物           0    0   0   0    0    0   0
     （五）不予处理
                 4.无正当理由大量反复 申请        0    0   0   0    0    0   0
                 5.要求行政机关确认或重 新出具
                     已获取信息
                                       0    0   0   0    0    0   0
     （六）其他处理                           0    0   0   0    0    0   0
`,
			want: []string{
				"6.属于四类过程性信息",
				"7.属于行政执法案卷",
				"2.没有现成信息需要另行制作",
				"3.补正后申请内容仍不明确",
				"1.信访举报投诉类申请",
				"3.要求提供公开出版物",
				"4.无正当理由大量反复 申请",
				"5.要求行政机关确认或重 新出具已获取信息",
				"（六）其他处理",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			block := splitLines(strings.TrimPrefix(tc.text, "\n"))
			if !isGrid(block) {
				t.Fatal("not read as a grid")
			}
			gs := gridGroups(block)
			var got []string
			for _, g := range gs {
				got = append(got, g.own)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d rows %q, want %d", len(got), got, len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("row at line %d: label %q, want %q", gs[i].line, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestPDFNoProblems imports the PDF fixture through File: its table 三
// nests a vertical label and group labels left of the sub-items, and every
// label is read without a warning.
func TestPDFNoProblems(t *testing.T) {
	needPdftotext(t)
	src, err := os.ReadFile(pdfFixture)
	if err != nil {
		t.Fatal(err)
	}
	res, err := File(context.Background(), filepath.Base(pdfFixture), src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Errorf("problem: %s", p)
	}
}
