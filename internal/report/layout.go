package report

// Layout names a national layout of the annual report form.
//
// Layout2019 is the trial format of 国办公开办函〔2019〕60号 (report years
// 2019–2020); Layout2021 is the format of 国办公开办函〔2021〕30号 (report
// year 2021 onward). Each table of a report is matched against the layouts
// separately, because real reports mix them: a 2023 report may use the 2021
// table 二 with the 2019 table 三 (a single （六）其他处理 row).
type Layout string

const (
	Layout2019 Layout = "2019"
	Layout2021 Layout = "2021"
)

// DefaultLayout is the layout the form prescribes for a report year.
func DefaultLayout(year int) Layout {
	if year >= 2021 {
		return Layout2021
	}
	return Layout2019
}

// CellKind says what a table 二 cell may hold.
type CellKind int

const (
	// Count is a non-negative integer.
	Count CellKind = iota
	// Change is a signed integer (本年增/减).
	Change
	// Money is an amount of money with a unit (元, 万元, 亿元).
	Money
)

// Column is one column of a table 二 row.
type Column struct {
	Label string
	Kind  CellKind
	// Unit is the unit the form fixes for a Money column ("" when the form
	// leaves it to the report, as 2019's 采购总金额 does).
	Unit string
}

// DataLabel is the column's label in the open-data JSON: the label as
// printed on the form, with a fixed unit appended as the form writes it.
func (c Column) DataLabel() string {
	if c.Unit != "" {
		return c.Label + "（单位：" + c.Unit + "）"
	}
	return c.Label
}

// Row2 is one row (信息内容) of table 二.
type Row2 struct {
	// Item is the clause of Article 20 the row belongs to, e.g. 第二十条第（一）项.
	Item    string
	Label   string
	Columns []Column
}

var (
	colsRules2019 = []Column{{Label: "本年新制作数量"}, {Label: "本年新公开数量"}, {Label: "对外公开总数量"}}
	colsItems2019 = []Column{{Label: "上一年项目数量"}, {Label: "本年增/减", Kind: Change}, {Label: "处理决定数量"}}
	colsRules2021 = []Column{{Label: "本年制发件数"}, {Label: "本年废止件数"}, {Label: "现行有效件数"}}
	colsDecided   = []Column{{Label: "本年处理决定数量"}}
)

// Table2Rows lists the rows of table 二 in each layout, in form order.
var Table2Rows = map[Layout][]Row2{
	Layout2019: {
		{Item: "第二十条第（一）项", Label: "规章", Columns: colsRules2019},
		{Item: "第二十条第（一）项", Label: "规范性文件", Columns: colsRules2019},
		{Item: "第二十条第（五）项", Label: "行政许可", Columns: colsItems2019},
		{Item: "第二十条第（五）项", Label: "其他对外管理服务事项", Columns: colsItems2019},
		{Item: "第二十条第（六）项", Label: "行政处罚", Columns: colsItems2019},
		{Item: "第二十条第（六）项", Label: "行政强制", Columns: colsItems2019},
		{Item: "第二十条第（八）项", Label: "行政事业性收费", Columns: colsItems2019[:2]},
		{Item: "第二十条第（九）项", Label: "政府集中采购", Columns: []Column{{Label: "采购项目数量"}, {Label: "采购总金额", Kind: Money}}},
	},
	Layout2021: {
		{Item: "第二十条第（一）项", Label: "规章", Columns: colsRules2021},
		{Item: "第二十条第（一）项", Label: "行政规范性文件", Columns: colsRules2021},
		{Item: "第二十条第（五）项", Label: "行政许可", Columns: colsDecided},
		{Item: "第二十条第（六）项", Label: "行政处罚", Columns: colsDecided},
		{Item: "第二十条第（六）项", Label: "行政强制", Columns: colsDecided},
		{Item: "第二十条第（八）项", Label: "行政事业性收费", Columns: []Column{{Label: "本年收费金额", Kind: Money, Unit: "万元"}}},
	},
}

// Table3Columns are the seven applicant columns of table 三, in form order.
var Table3Columns = []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}

// Table3Column indexes.
const (
	ColPerson = 0 // 自然人
	ColTotal  = 6 // 总计
)

// LegalPersonColumns are the columns grouped under 法人或其他组织.
var LegalPersonColumns = Table3Columns[1:6]

// Row3 is one row of table 三. Key is the row's canonical key, as the
// open data uses it: top-level rows by their full label
// (一、本年新收政府信息公开申请数量), outcome rows by their label
// (（一）予以公开), sub-items as group/item (（三）不予公开/1.属于国家秘密).
type Row3 struct {
	Key   string
	Group string // outcome group label for sub-items, e.g. （三）不予公开; "" otherwise
	Label string // the row's own label
	// Outcome marks the rows under 三、本年度办理结果.
	Outcome bool
	// Leaf marks the rows whose sum is （七）总计 (rule 2).
	Leaf bool
}

// Fixed keys of table 三 used by the rules.
const (
	RowNew       = "一、本年新收政府信息公开申请数量"
	RowCarriedIn = "二、上年结转政府信息公开申请数量"
	RowResults   = "三、本年度办理结果"
	RowTotal     = "（七）总计"
	RowCarryOut  = "四、结转下年度继续办理"
	GroupOther   = "（六）其他处理"
)

// Outcome groups of table 三 with their sub-items.
var table3Groups = []struct {
	Label string
	Items []string
}{
	{"（一）予以公开", nil},
	{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", nil},
	{"（三）不予公开", []string{"1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"}},
	{"（四）无法提供", []string{"1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"}},
	{"（五）不予处理", []string{"1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"}},
}

// OtherItems2021 are the sub-items the 2021 layout gives （六）其他处理.
var OtherItems2021 = []string{
	"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
	"3.其他",
}

// Table3Rows lists the rows of table 三 in each layout, in form order.
var Table3Rows = map[Layout][]Row3{
	Layout2019: table3Rows(false),
	Layout2021: table3Rows(true),
}

func table3Rows(split bool) []Row3 {
	rows := []Row3{{Key: RowNew, Label: RowNew}, {Key: RowCarriedIn, Label: RowCarriedIn}}
	for _, g := range table3Groups {
		if g.Items == nil {
			rows = append(rows, Row3{Key: g.Label, Label: g.Label, Outcome: true, Leaf: true})
			continue
		}
		for _, it := range g.Items {
			rows = append(rows, Row3{Key: g.Label + "/" + it, Group: g.Label, Label: it, Outcome: true, Leaf: true})
		}
	}
	if split {
		for _, it := range OtherItems2021 {
			rows = append(rows, Row3{Key: GroupOther + "/" + it, Group: GroupOther, Label: it, Outcome: true, Leaf: true})
		}
	} else {
		rows = append(rows, Row3{Key: GroupOther, Label: GroupOther, Outcome: true, Leaf: true})
	}
	return append(rows,
		Row3{Key: RowTotal, Label: RowTotal, Outcome: true},
		Row3{Key: RowCarryOut, Label: RowCarryOut})
}

// Table4Groups are the three groups of table 四, in form order, and
// Table4Columns the five columns of each.
var (
	Table4Groups  = []string{"行政复议", "未经复议直接起诉", "复议后起诉"}
	Table4Columns = []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
)

// Table 四 group indexes.
const (
	GroupReview     = 0 // 行政复议
	GroupSuit       = 1 // 行政诉讼：未经复议直接起诉
	GroupSuitReview = 2 // 行政诉讼：复议后起诉
)

// Section is one of the six fixed sections of a report.
type SectionDef struct {
	Num   string // 一 … 六
	Title string
	// Table is 2, 3 or 4 for the table sections, 0 for narrative ones.
	Table int
}

// Sections are the six sections in their fixed order.
var Sections = []SectionDef{
	{Num: "一", Title: "总体情况"},
	{Num: "二", Title: "主动公开政府信息情况", Table: 2},
	{Num: "三", Title: "收到和处理政府信息公开申请情况", Table: 3},
	{Num: "四", Title: "政府信息公开行政复议、行政诉讼情况", Table: 4},
	{Num: "五", Title: "存在的主要问题及改进情况"},
	{Num: "六", Title: "其他需要报告的事项"},
}

// Heading is the section's heading as printed: 一、总体情况.
func (s SectionDef) Heading() string { return s.Num + "、" + s.Title }
