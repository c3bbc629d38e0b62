package report

import (
	"bytes"
	"encoding/json"
)

// The JSON Schemas of the content format are generated from the layout
// definitions, so they cannot drift from what Parse accepts. They are
// committed under schema/ (TestSchemasUpToDate keeps them current) and
// published with the open data.

const schemaDraft = "http://json-schema.org/draft-07/schema#"

type obj = Object

func nullOr(types ...string) []string { return append(types, "null") }

var (
	countSchema  = obj{{"type", nullOr("integer")}, {"minimum", 0}, {"description", "件数；原表空白填 null"}}
	changeSchema = obj{{"type", nullOr("integer")}, {"description", "本年增/减，可为负数，如 +205、-46"}}
	moneySchema  = obj{{"description", "金额，单位写在数字后，如 299.8 万元；原表空白填 null"},
		{"anyOf", []obj{
			{{"type", "string"}, {"pattern", `^[+-]?\d+(\.\d+)?\s*(元|万元|亿元)$`}},
			{{"type", nullOr("number")}},
		}}}
)

func ref(name string) obj { return obj{{"$ref", "#/definitions/" + name}} }

func cellSchema(c Column) obj {
	switch c.Kind {
	case Change:
		return ref("change")
	case Money:
		return ref("money")
	}
	return ref("count")
}

var definitions = obj{
	{"count", countSchema},
	{"change", changeSchema},
	{"money", moneySchema},
	{"row3", rowSchema(Table3Columns)},
	{"row4", rowSchema(Table4Columns)},
}

func table2Schema(l Layout) obj {
	var props obj
	var required []string
	for _, def := range Table2Rows[l] {
		var cols obj
		var names []string
		for _, c := range def.Columns {
			cols = append(cols, Field{c.Label, cellSchema(c)})
			names = append(names, c.Label)
		}
		props = append(props, Field{def.Label, obj{
			{"description", def.Item},
			{"type", "object"}, {"properties", cols}, {"required", names}, {"additionalProperties", false},
		}})
		required = append(required, def.Label)
	}
	props = append(props, Field{"extra", obj{
		{"description", "省级增加的指标，按原文保留：标签 → 数值"},
		{"type", "object"}, {"additionalProperties", obj{{"anyOf", []obj{ref("count"), ref("money")}}}},
	}})
	return obj{{"title", "二、主动公开政府信息情况（" + string(l) + " 版）"}, {"type", "object"},
		{"properties", props}, {"required", required}, {"additionalProperties", false}}
}

// rowSchema is a row of n cells: a list in column order or a map by label.
func rowSchema(columns []string) obj {
	var props obj
	for _, c := range columns {
		props = append(props, Field{c, ref("count")})
	}
	return obj{{"anyOf", []obj{
		{{"type", "array"}, {"items", ref("count")}, {"minItems", len(columns)}, {"maxItems", len(columns)}},
		{{"type", "object"}, {"properties", props}, {"additionalProperties", false}},
	}}}
}

func table3Schema(l Layout) obj {
	row := ref("row3")
	results := obj{}
	var resultNames []string
	var cur obj
	var curGroup string
	flush := func() {
		if curGroup != "" {
			results = append(results, Field{curGroup, obj{{"type", "object"}, {"properties", cur}, {"additionalProperties", false}}})
			resultNames = append(resultNames, curGroup)
		}
		cur, curGroup = nil, ""
	}
	var top obj
	var topNames []string
	for _, def := range Table3Rows[l] {
		switch {
		case def.Group != "":
			if def.Group != curGroup {
				flush()
				curGroup = def.Group
			}
			cur = append(cur, Field{def.Label, row})
		case def.Outcome:
			flush()
			results = append(results, Field{def.Label, row})
			resultNames = append(resultNames, def.Label)
		default:
			flush()
			if def.Key == RowCarryOut {
				top = append(top, Field{RowResults, obj{{"type", "object"}, {"properties", results}, {"required", resultNames}, {"additionalProperties", false}}})
				topNames = append(topNames, RowResults)
			}
			top = append(top, Field{def.Label, row})
			topNames = append(topNames, def.Label)
		}
	}
	return obj{{"title", "三、收到和处理政府信息公开申请情况（" + string(l) + " 版）"},
		{"description", "每行 7 列：" + joinComma(Table3Columns)},
		{"type", "object"}, {"properties", top}, {"required", topNames}, {"additionalProperties", false}}
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += "、"
		}
		out += x
	}
	return out
}

func table4Schema() obj {
	row := ref("row4")
	return obj{{"title", "四、政府信息公开行政复议、行政诉讼情况"},
		{"description", "每行 5 列：" + joinComma(Table4Columns)},
		{"type", "object"},
		{"properties", obj{
			{"行政复议", row},
			{"行政诉讼", obj{{"type", "object"}, {"properties", obj{{"未经复议直接起诉", row}, {"复议后起诉", row}}},
				{"required", []string{"未经复议直接起诉", "复议后起诉"}}, {"additionalProperties", false}}},
		}},
		{"required", []string{"行政复议", "行政诉讼"}}, {"additionalProperties", false}}
}

// ReportSchema is the JSON Schema of a report file's front matter.
func ReportSchema() []byte {
	str := obj{{"type", nullOr("string")}}
	s := obj{
		{"$schema", schemaDraft},
		{"$id", "report.schema.json"},
		{"title", "政府信息公开工作年度报告（sitegen 内容文件的前置元数据）"},
		{"type", "object"},
		{"properties", obj{
			{"agency", obj{{"description", "机关记录的键：content/agencies/<键>.yaml"}, {"type", "string"}, {"pattern", `^[a-z0-9]+(-[a-z0-9]+)*$`}}},
			{"year", obj{{"description", "报告年度"}, {"type", "integer"}, {"minimum", MinYear}, {"maximum", MaxYear}}},
			{"title", obj{{"description", "原文标题"}, {"type", nullOr("string")}}},
			{"published", obj{{"description", "发布日期 YYYY-MM-DD；原文未注明填 null"}, {"type", nullOr("string")}, {"pattern", `^\d{4}-\d{2}-\d{2}$`}}},
			{"source", obj{{"type", "object"}, {"properties", obj{{"url", str}, {"note", str}}}, {"additionalProperties", false}}},
			{"known_defects", obj{{"description", "原文确有的缺陷：规则、位置、理由"}, {"type", nullOr("array")}, {"items", obj{
				{"type", "object"},
				{"properties", obj{{"rule", obj{{"type", "string"}, {"enum", RuleIDs()}}}, {"at", obj{{"type", "string"}}}, {"reason", obj{{"type", "string"}, {"minLength", 1}}}}},
				{"required", []string{"rule", "reason"}}, {"additionalProperties", false},
			}}}},
			{"allow_html", obj{{"description", "true 时叙述部分的 HTML 原样输出，否则转义"}, {"type", "boolean"}}},
			{"notes", obj{{"description", "编辑备注"}, {"type", nullOr("string")}}},
			{"table2", obj{{"anyOf", []obj{table2Schema(Layout2019), table2Schema(Layout2021)}}}},
			{"table3", obj{{"anyOf", []obj{table3Schema(Layout2019), table3Schema(Layout2021)}}}},
			{"table4", table4Schema()},
		}},
		{"required", []string{"agency", "year"}},
		{"additionalProperties", false},
		{"definitions", definitions},
	}
	return mustIndent(s)
}

// AgencySchema is the JSON Schema of an agency record.
func AgencySchema() []byte {
	str := obj{{"type", nullOr("string")}}
	s := obj{
		{"$schema", schemaDraft},
		{"$id", "agency.schema.json"},
		{"title", "机关记录（sitegen content/agencies/<键>.yaml）"},
		{"type", "object"},
		{"properties", obj{
			{"name", obj{{"description", "机关名称；无来源载明时填 null 并写 description"}, {"type", nullOr("string")}}},
			{"aliases", obj{{"type", nullOr("array")}, {"items", obj{{"type", "string"}}}}},
			{"description", str},
			{"region", obj{{"type", "object"}, {"properties", obj{{"province", str}, {"city", str}, {"district", str}}}, {"additionalProperties", false}}},
			{"level", obj{{"type", nullOr("string")}, {"enum", append(append([]any{}, anySlice(Levels)...), nil)}}},
			{"parent", obj{{"description", "上级机关名称"}, {"type", nullOr("string")}}},
			{"website", obj{{"type", nullOr("string")}, {"pattern", `^https?://`}}},
		}},
		{"additionalProperties", false},
	}
	return mustIndent(s)
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

func mustIndent(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err) // the schema is built from constants: a failure is a bug
	}
	return b.Bytes()
}

// RuleIDs lists every rule id, as docs/content-format.md describes them.
func RuleIDs() []string {
	return []string{"F1", "F2", "F3", "F4", "S1", "S2", "S3", "S4", "S5", "B1", "B2", "B3", "C1",
		"N1", "N2", "P1", "P2", "P3", "U1", "X1", "Y1", "Y2", "Y3", "K1"}
}
