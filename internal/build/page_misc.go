package build

import "sitegen/internal/report"

type aboutView struct {
	Sections []report.SectionDef
	Rules    []ruleRow
}

type ruleRow struct{ ID, Kind, Text string }

// The rules as the about page explains them: the errors, consistency
// rules first, then the warnings.
var (
	errorRules   = []string{"B1", "B2", "B3", "C1", "N1", "S1", "S2", "S3", "S4", "F1", "F2", "F3", "F4"}
	warningRules = []string{"N2", "P1", "P2", "P3", "U1", "X1", "Y1", "Y2", "Y3", "S5", "K1"}
)

func (v *views) about() (*Page, error) {
	av := &aboutView{Sections: report.Sections}
	for _, id := range errorRules {
		av.Rules = append(av.Rules, ruleRow{ID: id, Kind: "错误", Text: ruleDesc(id)})
	}
	for _, id := range warningRules {
		av.Rules = append(av.Rules, ruleRow{ID: id, Kind: "提示", Text: ruleDesc(id)})
	}
	return &Page{Title: "关于年度报告", Nav: "about",
		Desc: "政府信息公开工作年度报告是什么、包括哪些内容，以及本平台如何核对报告中的数字。", Data: av}, nil
}

func (v *views) notFound() (*Page, error) {
	return &Page{Title: "页面不存在", Desc: "找不到所请求的页面。"}, nil
}

type compareView struct {
	Figures []report.KeyFigure
	Groups  []string
	Years   []int
}

func (v *views) compare() (*Page, error) {
	return &Page{Title: "比较与下载", Nav: "compare", Scripts: []string{"js/compare.js"},
		Desc: "选择机关、年度和数字，生成比较表并下载 CSV。",
		Data: &compareView{Figures: report.KeyFigures, Years: v.portal.Years,
			Groups: []string{report.GroupApplications, report.GroupOutcomes, report.GroupAppeals, report.GroupProactive}}}, nil
}

type dataView struct {
	Files   []dataFile
	Reports int
}

type dataFile struct {
	Link Link
	Desc string
}

func (v *views) data() (*Page, error) {
	return &Page{Title: "开放数据", Nav: "data",
		Desc: "全部年度报告的结构化数据：JSON、按表格分列的 CSV 和数据结构说明。",
		Data: &dataView{Reports: len(v.m.reports), Files: dataFiles}}, nil
}

var dataFiles = []dataFile{
	{Link{Text: "reports.json", Path: "data/reports.json"}, "全部报告，每份一个对象，格式与单份报告的 JSON 相同"},
	{Link{Text: "table2.csv", Path: "data/table2.csv"}, "表二 主动公开政府信息情况：每份报告每个栏目一行"},
	{Link{Text: "table3.csv", Path: "data/table3.csv"}, "表三 收到和处理政府信息公开申请情况：每份报告每行一行，七个申请人栏目"},
	{Link{Text: "table4.csv", Path: "data/table4.csv"}, "表四 政府信息公开行政复议、行政诉讼情况：每份报告每组一行"},
	{Link{Text: "figures.csv", Path: "data/figures.csv"}, "每份报告的主要数字（两版格式可比），每份报告一行"},
	{Link{Text: "agencies.json", Path: "data/agencies.json"}, "机关目录：名称、地区、层级、已发布的年度"},
	{Link{Text: "report.schema.json", Path: "data/report.schema.json"}, "报告内容文件的 JSON Schema"},
	{Link{Text: "agency.schema.json", Path: "data/agency.schema.json"}, "机关记录的 JSON Schema"},
}

func yearList(a *agencyNode) []int {
	var out []int
	for _, r := range a.reports {
		out = append(out, r.Year)
	}
	return out
}
