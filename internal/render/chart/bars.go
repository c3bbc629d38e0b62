package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// Bars is a horizontal bar chart of one series over categories. Each
// category label sits on its own line(s) above its bar, so long Chinese
// labels wrap instead of being cut; the value is written after the bar.
// Values are counts: a negative value is labelled but drawn with no length.
type Bars struct {
	ID        string // unique in the page; prefix for element ids
	Title     string // e.g. "申请办理结果"
	Desc      string // optional; when "" Render writes a summary sentence from the data
	Unit      string // e.g. "件"
	Labels    []string
	Values    []Value // Values[i] belongs to Labels[i]; missing entries are blank
	LabelHead string  // table header of the label column; "" means "项目"
	ValueHead string  // table header of the value column; "" means "数量"
}

const (
	barH   = 14.0 // bar thickness
	barGap = 10.0 // space between one bar and the next label
)

// Render returns the figure: caption, SVG and data table.
func (b Bars) Render() template.HTML {
	vals := values(b.Values, len(b.Labels))
	shown := make([]string, len(vals))
	maxV := 0.0
	for i, v := range vals {
		shown[i] = cell(v)
		if v.OK {
			maxV = max(maxV, v.V)
		}
	}
	barMax := width - 2*pad - 4 - maxWidth(shown, fontSize) - 2

	var bars, base, text strings.Builder
	y := pad
	if b.Unit != "" {
		fmt.Fprintf(&text, `<text x="%s" y="%s" fill="%s">%s</text>`, num(pad), num(y+12.5), muted, esc(unitNote(b.Unit)))
		y += lineH + 4
	}
	if len(b.Labels) == 0 {
		fmt.Fprintf(&text, `<text x="%s" y="%s" fill="%s">%s</text>`, num(pad), num(y+12.5), muted, noData)
		y += lineH + barGap
	}
	var vtext strings.Builder
	for i, label := range b.Labels {
		for _, line := range wrap(label, width-2*pad, fontSize) {
			fmt.Fprintf(&text, `<text x="%s" y="%s">%s</text>`, num(pad), num(y+12.5), esc(line))
			y += lineH
		}
		y += 2
		fmt.Fprintf(&base, "M%s %sv%s", num(pad), num(y), num(barH))
		v, length := vals[i], 0.0
		if v.OK && v.V > 0 && maxV > 0 {
			length = max(v.V/maxV*barMax, 1)
			fmt.Fprintf(&bars, `<rect x="%s" y="%s" width="%s" height="%s"/>`, num(pad), num(y), num(length), num(barH))
		}
		fill := ""
		if !v.OK {
			fill = ` fill="` + muted + `"`
		}
		fmt.Fprintf(&vtext, `<text x="%s" y="%s"%s>%s</text>`, num(pad+length+4), num(y+barH/2+4.7), fill, shown[i])
		y += barH + barGap
	}
	body := `<g fill="` + palette[0] + `">` + bars.String() + `</g>`
	if base.Len() > 0 {
		body += `<path d="` + base.String() + `" stroke="` + ink + `" fill="none"/>`
	}
	body += `<g font-size="` + num(fontSize) + `" fill="` + ink + `">` + text.String() +
		`<g class="chart-values">` + vtext.String() + `</g></g>`

	f := figure{
		id: safeID(b.ID, b.Title), kind: "bars", title: b.Title, desc: b.Desc, unit: b.Unit,
		height: y - barGap + pad, body: body,
		head: []string{or(b.LabelHead, "项目"), withUnit(or(b.ValueHead, "数量"), b.Unit)},
		rows: b.Labels,
	}
	for _, v := range vals {
		f.cells = append(f.cells, []Value{v})
	}
	if f.desc == "" {
		f.desc = b.summary(vals)
	}
	return template.HTML(f.String())
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
