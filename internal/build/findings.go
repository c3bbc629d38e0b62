package build

import (
	"strconv"

	"sitegen/internal/report"
)

// ruleText explains each rule to a citizen, in the portal's language.
var ruleText = map[string]string{
	"F1": "文件格式有误，无法读取",
	"F2": "数值类型不对（例如在应填数字处填了文字）",
	"F3": "同一项目填写了两次",
	"F4": "报告的基本信息（机关、年度）缺失或有误",
	"S1": "缺少国家规定格式要求的表格、栏目或章节",
	"S2": "出现了规定格式中没有的栏目",
	"S3": "混用了另一版格式的栏目",
	"S4": "一行中的数字个数与规定格式不符",
	"B1": "申请数量前后对不上：本年新收加上年结转，应等于本年办理结果总计加结转下年度继续办理",
	"B2": "办理结果的总计不等于各项办理结果之和",
	"B3": "申请人情况的总计不等于自然人与法人或其他组织各栏之和",
	"C1": "行政复议或行政诉讼的总计不等于结果维持、结果纠正、其他结果与尚未审结之和",
	"N1": "件数应为非负整数",
	"N2": "有栏目留空：规定格式要求填写数字（没有时填 0）",
	"P1": "对外公开总数量小于本年新公开数量",
	"P2": "本年新制作的文件多于本年新公开的文件",
	"P3": "金额明显不合常理，可能单位有误",
	"U1": "金额未写单位，按万元理解",
	"X1": "正文中提到的数字与表格不一致",
	"Y1": "上年结转数与上一年度报告的结转下年度继续办理数不一致",
	"Y2": "现行有效件数与上一年度报告的数字衔接不上",
	"Y3": "上一年项目数量与上一年度报告的数字衔接不上",
	"S5": "章节顺序与规定格式不同",
	"K1": "记录的原文缺陷与核对结果不符",
}

// findingView is a finding as the report page shows it.
type findingView struct {
	N        int    // 1-based number on the page; anchor finding-N
	Kind     string // 错误 (recorded source defect) or 提示
	Class    string // recorded, warning
	Rule     string
	Text     string // plain-language explanation
	Detail   string // the checker's message
	Expected string
	Recorded string // the reason the source is known to be wrong
	Line     int
	Cell     string // id of the table cell concerned, "" when none
	Section  string // id of the section concerned, "" when none
}

func ruleDesc(rule string) string {
	if t, ok := ruleText[rule]; ok {
		return t
	}
	return "规则 " + rule
}

// findingViews turns a report's findings into views and says, for each
// table cell position, which findings point at it.
func findingViews(fs []report.Finding) ([]findingView, map[report.Pos][]int) {
	at := map[report.Pos][]int{}
	var out []findingView
	for i, f := range fs {
		v := findingView{N: i + 1, Rule: f.Rule, Text: ruleDesc(f.Rule), Detail: f.Message,
			Expected: f.Expected, Recorded: f.Recorded, Line: f.Line}
		switch {
		case f.Recorded != "":
			v.Kind, v.Class = "原文错误（已记录）", "recorded"
		case f.Severity == report.Error:
			v.Kind, v.Class = "错误", "error"
		default:
			v.Kind, v.Class = "提示", "warning"
		}
		pos := report.Pos{Line: f.Line, Col: f.Col}
		at[pos] = append(at[pos], len(out))
		out = append(out, v)
	}
	return out, at
}

func cellID(p report.Pos) string { return "cell-" + strconv.Itoa(p.Line) + "-" + strconv.Itoa(p.Col) }
