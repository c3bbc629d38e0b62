package chart

import (
	"fmt"
	"math"
	"strings"
)

// summary says how many categories there are, their total and the largest.
func (b Bars) summary(vals []Value) string {
	known, total, top := 0, 0.0, math.Inf(-1)
	for _, v := range vals {
		if v.OK {
			known++
			total += v.V
			top = max(top, v.V)
		}
	}
	n := len(vals)
	switch {
	case n == 0:
		return noData + "。"
	case known == 0:
		return fmt.Sprintf("%s：全部%d项均%s。", noData, n, blank)
	}
	s := fmt.Sprintf("共%d项，合计%s%s", n, Format(total), b.Unit)
	if known < n {
		s += fmt.Sprintf("（另有%d项%s）", n-known, blank)
	}
	if top == 0 && total == 0 {
		if known < n {
			return s + "，已填报的各项均为0。"
		}
		return s + "，各项均为0。"
	}
	var names []string
	for i, v := range vals {
		if v.OK && v.V == top {
			names = append(names, "“"+b.Labels[i]+"”")
		}
	}
	list := strings.Join(names[:min(len(names), 3)], "、")
	if len(names) > 3 {
		list += "等"
	}
	each := ""
	if len(names) > 1 {
		each = "各"
	}
	s += fmt.Sprintf("；最多的是%s，%s%s%s", list, each, Format(top), b.Unit)
	if total > 0 && top > 0 && len(names) == 1 {
		s += fmt.Sprintf("，占合计的%d%%", int(math.Round(top/total*100)))
	}
	return s + "。"
}

// summary names the span of X and, for each series, its first and last
// known values.
func (l Lines) summary(series []Series) string {
	n := len(l.X)
	if n == 0 || len(series) == 0 {
		return noData + "。"
	}
	span := l.X[0]
	if n > 1 {
		span += "至" + l.X[n-1]
	}
	var parts []string
	known := false
	for _, s := range series {
		first, end := -1, last(s.Values)
		for j, v := range s.Values {
			if v.OK {
				first = j
				break
			}
		}
		val := func(j int) string { return Format(s.Values[j].V) + l.Unit }
		switch {
		case end < 0:
			parts = append(parts, s.Name+"："+blank)
		case first == end:
			known = true
			parts = append(parts, fmt.Sprintf("%s：%s为%s", s.Name, l.X[end], val(end)))
		default:
			known = true
			parts = append(parts, fmt.Sprintf("%s：从%s（%s）到%s（%s）", s.Name, val(first), l.X[first], val(end), l.X[end]))
		}
	}
	head := fmt.Sprintf("%s，%d个系列。", span, len(series))
	if !known {
		head = noData + "：" + head
	}
	return head + strings.Join(parts, "；") + "。"
}
