package changes_test

import (
	"slices"
	"testing"

	"sitegen/internal/changes"
	"sitegen/internal/report"
)

func TestCells(t *testing.T) {
	// probe is one cell a case expects, by path.
	type probe struct {
		path   string
		labels []string
		value  string // report.Cell.String()
		money  bool
	}
	tests := []struct {
		name   string
		src    string
		count  int    // cells in all
		first  string // path of the first cell
		last   string // path of the last cell
		probes []probe
		absent []string
	}{
		{
			name:  "2019 layout",
			src:   base2020,
			count: 22 + 23*7 + 15, // 8 rows of table 二, 23 rows of table 三, table 四
			first: "table2.规章.本年新制作数量",
			last:  "table4.行政诉讼.复议后起诉.总计",
			probes: []probe{
				{"table2.规范性文件.对外公开总数量", []string{"规范性文件", "对外公开总数量"}, "10", false},
				{"table2.行政处罚.本年增/减", []string{"行政处罚", "本年增/减"}, "-1", false},
				{"table2.政府集中采购.采购总金额", []string{"政府集中采购", "采购总金额"}, "12.5 万元", true},
				{"table3.一、本年新收政府信息公开申请数量.商业企业", []string{"一、本年新收政府信息公开申请数量", "法人或其他组织", "商业企业"}, "1", false},
				{"table3.（三）不予公开/1.属于国家秘密.自然人", []string{"（三）不予公开", "1.属于国家秘密", "自然人"}, "0", false},
				{"table3.（六）其他处理.总计", []string{"（六）其他处理", "总计"}, "1", false},
				{"table4.行政复议.总计", []string{"行政复议", "总计"}, "2", false},
				{"table4.行政诉讼.未经复议直接起诉.结果纠正", []string{"行政诉讼", "未经复议直接起诉", "结果纠正"}, "1", false},
			},
			absent: []string{"table2.行政规范性文件.本年制发件数", "table3.（六）其他处理/3.其他.总计"},
		},
		{
			name:  "2021 layout",
			src:   base2021,
			count: 10 + 25*7 + 15,
			first: "table2.规章.本年制发件数",
			last:  "table4.行政诉讼.复议后起诉.总计",
			probes: []probe{
				// The form fixes 万元; the report writes 3.5.
				{"table2.行政事业性收费.本年收费金额", []string{"行政事业性收费", "本年收费金额"}, "3.5 万元", true},
				{"table3.（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请.自然人",
					[]string{"（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "自然人"}, "1", false},
				{"table3.（六）其他处理/3.其他.其他", []string{"（六）其他处理", "3.其他", "法人或其他组织", "其他"}, "0", false},
			},
			absent: []string{"table2.规范性文件.本年新制作数量", "table3.（六）其他处理.总计", "table2.政府集中采购.采购项目数量"},
		},
		{
			name: "extra rows of table 二, blank cells, no table 四",
			src: edit(t, base2020,
				"  政府集中采购: {采购项目数量: 3, 采购总金额: 12.5 万元}\n",
				"  政府集中采购: {采购项目数量: 3, 采购总金额: null}\n  extra:\n    政府信息公开发布总数量: 15\n    网站访问量: 12 万元\n",
				"table4:\n  行政复议: [1, 0, 0, 1, 2]\n  行政诉讼:\n    未经复议直接起诉: [0, 1, 0, 0, 1]\n    复议后起诉: [0, 0, 0, 0, 0]\n", ""),
			count: 22 + 2 + 23*7,
			first: "table2.规章.本年新制作数量",
			last:  "table3.四、结转下年度继续办理.总计",
			probes: []probe{
				{"table2.政府集中采购.采购总金额", []string{"政府集中采购", "采购总金额"}, "空", true},
				{"table2.extra.政府信息公开发布总数量", []string{"政府信息公开发布总数量"}, "15", false},
				{"table2.extra.网站访问量", []string{"网站访问量"}, "12 万元", true},
			},
			absent: []string{"table4.行政复议.总计"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := changes.Cells(load(t, tt.src))
			if len(cells) != tt.count {
				t.Errorf("%d cells, want %d", len(cells), tt.count)
			}
			if cells[0].Path != tt.first || cells[len(cells)-1].Path != tt.last {
				t.Errorf("first %s, last %s; want %s, %s", cells[0].Path, cells[len(cells)-1].Path, tt.first, tt.last)
			}
			byPath := map[string]changes.Cell{}
			for _, c := range cells {
				if _, dup := byPath[c.Path]; dup {
					t.Errorf("path %s twice", c.Path)
				}
				if want := map[byte]int{'2': 2, '3': 3, '4': 4}[c.Path[5]]; c.Table != want {
					t.Errorf("%s: table %d", c.Path, c.Table)
				}
				byPath[c.Path] = c
			}
			for _, p := range tt.probes {
				c, ok := byPath[p.path]
				switch {
				case !ok:
					t.Errorf("no cell %s", p.path)
				case !slices.Equal(c.Labels, p.labels) || c.Cell.String() != p.value || c.Money != p.money:
					t.Errorf("%s: labels %q value %s money %t; want %q %s %t", p.path, c.Labels, c.Cell, c.Money, p.labels, p.value, p.money)
				}
			}
			for _, p := range tt.absent {
				if _, ok := byPath[p]; ok {
					t.Errorf("cell %s listed", p)
				}
			}
		})
	}
}

func TestCellsNil(t *testing.T) {
	if c := changes.Cells(nil); c != nil {
		t.Errorf("Cells(nil) = %v", c)
	}
	if c := changes.Cells(&report.Report{Year: 2021}); c != nil {
		t.Errorf("Cells of a report without tables = %v", c)
	}
}
