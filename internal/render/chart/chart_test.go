package chart

import (
	"flag"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

type renderer interface{ Render() template.HTML }

func v(x float64) Value { return Value{x, true} }

var unknown = Value{}

const hostile = `<script>alert("x&y")</script> O'Neil & <b>`

var cases = []struct {
	name  string
	chart renderer
}{
	{"bars", Bars{ID: "result", Title: "申请办理结果", Unit: "件",
		Labels: []string{"予以公开", "部分公开", "不予公开", "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "其他处理"},
		Values: []Value{v(1234), v(56), v(7), v(0), unknown, v(12.5), v(3)}}},
	{"bars-one", Bars{ID: "one", Title: "行政复议", Unit: "件", Labels: []string{"维持"}, Values: []Value{v(8)}}},
	{"bars-ties", Bars{ID: "ties", Title: "结果", Labels: []string{"甲", "乙", "丙", "丁", "Other source"}, Values: []Value{v(5), v(5), v(5), v(5), v(1)}}},
	{"bars-all-zero", Bars{ID: "zero", Title: "行政诉讼", Unit: "件", Labels: []string{"维持", "纠正"}, Values: []Value{v(0), v(0)}}},
	{"bars-all-blank", Bars{ID: "blank", Title: "行政诉讼", Unit: "件", Labels: []string{"维持", "纠正"}}},
	{"bars-empty", Bars{ID: "empty", Title: "空"}},
	{"lines", Lines{ID: "trend", Title: "申请数量变化", Unit: "件", X: []string{"2019", "2020", "2021", "2022", "2023"},
		Series: []Series{
			{"新收政府信息公开申请", []Value{v(120), v(1350), v(1400), v(980), v(1010)}},
			{"上年结转", []Value{v(10), v(12), unknown, v(30), v(1000)}},
			{"予以公开", []Value{v(60), v(700), v(650), unknown, v(990)}},
			{"行政复议", []Value{unknown, v(3), v(5), v(8), unknown}},
		}}},
	{"lines-eight", Lines{ID: "eight", Title: "八个系列", X: []string{"2020", "2021", "2022", "2023"},
		Series: []Series{
			{"一", []Value{v(1), v(2), v(3), v(4)}}, {"二", []Value{v(2), v(3), v(4), v(5)}},
			{"三", []Value{v(3), v(4), v(5), v(6)}}, {"四", []Value{v(4), v(5), v(6), v(7)}},
			{"五", []Value{v(5), v(6), v(7), v(8)}}, {"六", []Value{v(6), v(7), v(8), v(9)}},
			{"七", []Value{v(7), v(8), v(9), v(10)}}, {"八", []Value{v(8), v(9), v(10), v(11)}},
		}}},
	{"lines-one-year", Lines{ID: "single", Title: "2023年", Unit: "件", X: []string{"2023"},
		Series: []Series{{"申请", []Value{v(40)}}, {"复议", []Value{v(2)}}, {"诉讼", []Value{unknown}}}}},
	{"lines-many-years", Lines{ID: "many", Title: "十五年", Unit: "万元", X: []string{"2009", "2010", "2011", "2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023"},
		Series: []Series{{"收费", []Value{v(0.5), v(1.25), v(0), v(0), unknown, v(2), v(0.1), v(0.2), v(0.3), v(0.4), v(0.5), v(0.6), v(0.7), v(0.8), v(0.9)}}}}},
	{"lines-all-blank", Lines{ID: "none", Title: "无", X: []string{"2022", "2023"}, Series: []Series{{"申请", nil}}}},
	{"bars-odd", Bars{ID: "odd", Title: "异常值", Labels: []string{"负数", "NaN", "Inf", "无值"}, Values: []Value{v(-3), v(math.NaN()), v(math.Inf(1))}}},
	{"lines-odd", Lines{ID: "lodd", Title: "异常值", X: []string{"2022", "2023"},
		Series: []Series{{"多余", []Value{v(math.NaN()), v(-2), v(9)}}, {"", []Value{v(math.Inf(-1))}}}}},
	{"lines-empty", Lines{ID: "lempty", Title: "空", Series: []Series{{"申请", nil}}}},
	{"bars-hostile", Bars{ID: `x" onload="alert(1)`, Title: hostile, Desc: hostile, Unit: "<u>",
		Labels: []string{hostile, "&amp;"}, Values: []Value{v(1), v(2)}, LabelHead: hostile, ValueHead: hostile}},
	{"lines-hostile", Lines{ID: "<id>", Title: hostile, Unit: "&", X: []string{hostile, "</svg>"}, XHead: hostile,
		Series: []Series{{hostile, []Value{v(1), v(2)}}}}},
}

func TestGolden(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := string(c.chart.Render())
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("output differs from %s (run go test -update and review the diff)", path)
			}
		})
	}
}

func TestStructure(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := string(c.chart.Render())
			for _, bad := range []string{"style=", "<style", "<script", "\n"} {
				if strings.Contains(out, bad) {
					t.Errorf("output contains %q", bad)
				}
			}
			fig := parse(t, out)
			if fig.name != "figure" || !strings.Contains(fig.attr["class"], "chart") {
				t.Fatalf("root is <%s class=%q>, want <figure class=chart>", fig.name, fig.attr["class"])
			}
			svg := one(t, fig, "svg")
			if svg.attr["role"] != "img" || svg.attr["viewBox"] == "" || svg.attr["width"] != "" || svg.attr["height"] != "" {
				t.Errorf("svg attributes %v: want role=img, a viewBox and no fixed size", svg.attr)
			}
			ids := strings.Fields(svg.attr["aria-labelledby"])
			if len(ids) != 2 {
				t.Fatalf("aria-labelledby = %q, want two ids", svg.attr["aria-labelledby"])
			}
			for i, tag := range []string{"title", "desc"} {
				el := one(t, svg, tag)
				if el.attr["id"] != ids[i] || strings.TrimSpace(el.text()) == "" {
					t.Errorf("<%s id=%q> %q, want id %q and text", tag, el.attr["id"], el.text(), ids[i])
				}
			}
			for _, n := range fig.all(func(n *node) bool { return true }) {
				for k := range n.attr {
					if strings.HasPrefix(strings.ToLower(k), "on") {
						t.Errorf("<%s> has attribute %s", n.name, k)
					}
				}
			}
			table := one(t, fig, "table")
			one(t, table, "caption")
			var cells []string
			for _, td := range table.all(named("td")) {
				cells = append(cells, td.text())
			}
			switch ch := c.chart.(type) {
			case Bars:
				var drawn []string
				for _, g := range svg.all(func(n *node) bool { return n.attr["class"] == "chart-values" }) {
					for _, tx := range g.all(named("text")) {
						drawn = append(drawn, tx.text())
					}
				}
				same(t, "value labels", drawn, cells)
				var want []string
				for _, v := range values(ch.Values, len(ch.Labels)) {
					want = append(want, cell(v))
				}
				same(t, "table cells", cells, want)
			case Lines:
				var want []string
				for j := range ch.X {
					for _, s := range ch.Series {
						want = append(want, cell(values(s.Values, len(ch.X))[j]))
					}
				}
				same(t, "table cells", cells, want)
				points, known := 0, 0
				for _, g := range svg.all(func(n *node) bool { return n.attr["class"] == "chart-points" }) {
					points += len(g.all(func(n *node) bool { return n.name == "circle" || n.name == "path" }))
				}
				for _, c := range cells {
					if c != blank {
						known++
					}
				}
				if len(ch.X) > 0 && points != known+len(ch.Series) {
					t.Errorf("%d markers, want one per known value (%d) and one per series label (%d)", points, known, len(ch.Series))
				}
			}
		})
	}
}

// TestHostile checks that text comes back from the XML parser exactly as it
// went in: escaped as text, never taken as markup.
func TestHostile(t *testing.T) {
	for _, c := range []renderer{cases[len(cases)-2].chart, cases[len(cases)-1].chart} {
		fig := parse(t, string(c.Render()))
		texts := map[string]bool{}
		for _, n := range fig.all(func(*node) bool { return true }) {
			texts[n.data] = true
		}
		for _, want := range []string{hostile, "数据表：" + hostile} {
			if !texts[want] {
				t.Errorf("no element with text %q", want)
			}
		}
		if b, ok := c.(Bars); ok && !texts[b.Labels[1]] {
			t.Errorf("label %q not kept as text", b.Labels[1])
		}
		if len(fig.all(named("script"))) > 0 || len(fig.all(named("b"))) > 0 || len(fig.all(named("u"))) > 0 {
			t.Errorf("hostile text became elements")
		}
	}
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
