package changes_test

import (
	"fmt"
	"strings"
	"testing"

	"sitegen/internal/changes"
)

// withBody replaces the body of base2020 (its front matter kept).
func withBody(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(base2020, "---\n\n## 一")
	if i < 0 {
		t.Fatal("base2020 has changed")
	}
	return base2020[:i] + "---\n\n" + body
}

// outline formats a narrative diff as one line per section: its number
// ("-" for the preamble), its op, and the op of each paragraph.
func outline(ds []changes.SectionDiff) string {
	var lines []string
	for _, d := range ds {
		num := d.Num
		if num == "" {
			num = "-"
		}
		var ops []string
		for _, p := range d.Paras {
			ops = append(ops, p.Op.String())
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s", num, d.Op, strings.Join(ops, " ")))
	}
	return strings.Join(lines, "\n")
}

// inline formats an inline diff: [-removed-] and {+added+}.
func inline(spans []changes.Span) string {
	var b strings.Builder
	for _, s := range spans {
		switch s.Op {
		case changes.Removed:
			b.WriteString("[-" + s.Text + "-]")
		case changes.Added:
			b.WriteString("{+" + s.Text + "+}")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

const (
	paraA = "全年新收到政府信息公开申请6件，予以公开3件。"
	paraB = "培训不足，将加强培训。"
	paraC = "本机关通过政府网站主动公开政府信息120条，其中政策文件15条。"
	paraD = "无。"
)

func TestNarrative(t *testing.T) {
	body := func(sections ...string) string { return strings.Join(sections, "\n\n") + "\n" }
	std := body("## 一、总体情况", paraA, paraC, "## 五、存在的主要问题及改进情况", paraB, "## 六、其他需要报告的事项", paraD)
	tests := []struct {
		name      string
		prev, cur string
		outline   string
		inline    map[string]string // section number → inline diff of its first changed paragraph
	}{
		{
			name: "identical", prev: std, cur: std,
			outline: "一 same: same same\n五 same: same\n六 same: same",
		},
		{
			name:    "a paragraph added",
			prev:    std,
			cur:     body("## 一、总体情况", paraA, paraC, "## 五、存在的主要问题及改进情况", paraB, "下一步将完善制度，规范答复文书。", "## 六、其他需要报告的事项", paraD),
			outline: "一 same: same same\n五 changed: same added\n六 same: same",
		},
		{
			name:    "a paragraph removed",
			prev:    std,
			cur:     body("## 一、总体情况", paraC, "## 五、存在的主要问题及改进情况", paraB, "## 六、其他需要报告的事项", paraD),
			outline: "一 changed: removed same\n五 same: same\n六 same: same",
		},
		{
			name:    "figures changed in Chinese text without spaces",
			prev:    std,
			cur:     body("## 一、总体情况", "全年新收到政府信息公开申请9件，予以公开5件。", paraC, "## 五、存在的主要问题及改进情况", paraB, "## 六、其他需要报告的事项", paraD),
			outline: "一 changed: changed same\n五 same: same\n六 same: same",
			inline:  map[string]string{"一": "全年新收到政府信息公开申请[-6-]{+9+}件，予以公开[-3-]{+5+}件。"},
		},
		{
			name:    "a sentence appended",
			prev:    std,
			cur:     body("## 一、总体情况", paraA, paraC, "## 五、存在的主要问题及改进情况", "培训不足，将加强培训，并开展专题考核。", "## 六、其他需要报告的事项", paraD),
			outline: "一 same: same same\n五 changed: changed\n六 same: same",
			inline:  map[string]string{"五": "培训不足，将加强培训{+，并开展专题考核+}。"},
		},
		{
			name:    "a paragraph rewritten is removed and added",
			prev:    std,
			cur:     body("## 一、总体情况", paraA, paraC, "## 五、存在的主要问题及改进情况", "队伍建设有待加强，下一步将定期组织业务学习。", "## 六、其他需要报告的事项", paraD),
			outline: "一 same: same same\n五 changed: removed added\n六 same: same",
		},
		{
			name:    "a paragraph moved",
			prev:    body("## 一、总体情况", paraA, paraB, paraC),
			cur:     body("## 一、总体情况", paraB, paraC, paraA),
			outline: "一 changed: removed same same added",
		},
		{
			name:    "sections missing in one report",
			prev:    body("前言。", "## 一、总体情况", paraA, "## 五、存在的主要问题及改进情况", paraB),
			cur:     body("## 一、总体情况", paraA, "## 六、其他需要报告的事项", paraD, paraC),
			outline: "- removed: removed\n一 same: same\n五 removed: removed\n六 added: added added",
		},
		{
			name:    "a list is one paragraph",
			prev:    body("## 一、总体情况", "主要做法：", "- 完善制度\n- 加强培训", paraC),
			cur:     body("## 一、总体情况", "主要做法：", "- 完善制度\n\n- 加强业务培训", paraC),
			outline: "一 changed: same changed same",
			inline:  map[string]string{"一": "- 完善制度\n{+\n+}- 加强{+业务+}培训"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := changes.Narrative(load(t, withBody(t, tt.prev)), load(t, withBody(t, tt.cur)))
			if got := outline(ds); got != tt.outline {
				t.Errorf("outline:\n%s\nwant:\n%s", got, tt.outline)
			}
			for _, d := range ds {
				checkParas(t, d)
				if want, ok := tt.inline[d.Num]; ok {
					got := "(none)"
					for _, p := range d.Paras {
						if p.Op == changes.Changed {
							got = inline(p.Inline)
							break
						}
					}
					if got != want {
						t.Errorf("section %s inline diff %q, want %q", d.Num, got, want)
					}
				}
			}
		})
	}
}

// checkParas checks what holds of every section diff: Old and New as the
// op says, Inline rebuilding both texts, Changed matching the paragraphs.
func checkParas(t *testing.T, d changes.SectionDiff) {
	t.Helper()
	changed := d.Op != changes.Same
	for i, p := range d.Paras {
		var old, new strings.Builder
		for _, s := range p.Inline {
			if s.Op != changes.Added {
				old.WriteString(s.Text)
			}
			if s.Op != changes.Removed {
				new.WriteString(s.Text)
			}
		}
		ok := true
		switch p.Op {
		case changes.Same:
			ok = p.Old == p.New && p.Old != "" && p.Inline == nil
		case changes.Added:
			ok = p.Old == "" && p.New != "" && p.Inline == nil
			changed = true
		case changes.Removed:
			ok = p.Old != "" && p.New == "" && p.Inline == nil
			changed = true
		case changes.Changed:
			ok = old.String() == p.Old && new.String() == p.New && p.Old != p.New
			changed = true
		}
		if !ok {
			t.Errorf("section %s paragraph %d: %+v", d.Num, i, p)
		}
	}
	if d.Changed != changed {
		t.Errorf("section %s: Changed %t with paragraphs %v", d.Num, d.Changed, d.Paras)
	}
}

func TestNarrativeNil(t *testing.T) {
	r := load(t, base2020)
	if got, want := outline(changes.Narrative(nil, r)), "一 added: added\n五 added: added\n六 added: added"; got != want {
		t.Errorf("no previous report:\n%s\nwant:\n%s", got, want)
	}
	if got := changes.Narrative(nil, nil); got != nil {
		t.Errorf("Narrative(nil, nil) = %v", got)
	}
}

func TestOpLabel(t *testing.T) {
	for op, want := range map[changes.Op]string{changes.Same: "未变", changes.Added: "新增", changes.Removed: "删除", changes.Changed: "修改"} {
		if got := op.Label(); got != want {
			t.Errorf("%s.Label() = %s, want %s", op, got, want)
		}
	}
}
