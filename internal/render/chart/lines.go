package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Lines is a line chart of several series over ordered X values (years).
// Each series has a colour, a marker shape and a dash pattern, and its name
// is written at the end of its line; blank values break the line.
type Lines struct {
	ID, Title, Desc, Unit string
	X                     []string // e.g. "2020", "2021"
	Series                []Series
	XHead                 string // table header of the X column; "" means "年份"
}

// Series is one line; len(Values) == len(X), missing entries are blank.
type Series struct {
	Name   string
	Values []Value
}

const (
	nameMaxW = 6 * fontSize // widest line of a series name at the line end
	minPlotH = 150.0
)

// Render returns the figure: caption, SVG and data table.
func (l Lines) Render() template.HTML {
	n := len(l.X)
	f := figure{
		id: safeID(l.ID, l.Title), kind: "lines", title: l.Title, desc: l.Desc, unit: l.Unit,
		head: []string{or(l.XHead, "年份")}, rows: l.X,
	}
	series := make([]Series, len(l.Series))
	for i, s := range l.Series {
		series[i] = Series{or(s.Name, fmt.Sprintf("系列%d", i+1)), values(s.Values, n)}
		f.head = append(f.head, series[i].Name)
	}
	for j := range l.X {
		row := make([]Value, len(series))
		for i, s := range series {
			row[i] = s.Values[j]
		}
		f.cells = append(f.cells, row)
	}
	if f.desc == "" {
		f.desc = l.summary(series)
	}
	f.body, f.height = l.draw(series)
	return template.HTML(f.String())
}

// draw returns the SVG content and its height.
func (l Lines) draw(series []Series) (string, float64) {
	var text strings.Builder
	top := pad
	if l.Unit != "" {
		fmt.Fprintf(&text, `<text x="%s" y="%s" fill="%s">%s</text>`, num(pad), num(top+12.5), muted, esc(unitNote(l.Unit)))
		top += lineH + 4
	}
	n := len(l.X)
	if n == 0 || len(series) == 0 {
		fmt.Fprintf(&text, `<text x="%s" y="%s" fill="%s">%s</text>`, num(pad), num(top+12.5), muted, noData)
		return `<g font-size="` + num(fontSize) + `">` + text.String() + `</g>`, top + lineH + pad
	}

	lo, hi, integer := math.Inf(1), math.Inf(-1), true
	names := make([][]string, len(series))
	heights := make([]float64, len(series))
	labelsH := -2.0
	for i, s := range series {
		names[i] = wrap(s.Name, nameMaxW, fontSize)
		if last(s.Values) < 0 {
			names[i] = append(names[i], "（"+blank+"）")
		}
		heights[i] = float64(len(names[i])) * lineH
		labelsH += heights[i] + 2
		for _, v := range s.Values {
			if v.OK {
				lo, hi = min(lo, v.V), max(hi, v.V)
				integer = integer && v.V == math.Trunc(v.V)
			}
		}
	}
	empty := lo > hi
	if empty {
		lo, hi = 0, 0
	}
	ticks := niceTicks(lo, hi, integer)
	tickText := make([]string, len(ticks))
	for i, t := range ticks {
		tickText[i] = Format(t)
	}
	nameW := 0.0
	for _, ls := range names {
		nameW = max(nameW, maxWidth(ls, fontSize))
	}

	plotT := top + 8
	plotH := max(minPlotH, labelsH-lineH)
	plotB := plotT + plotH
	plotL := pad + maxWidth(tickText, fontSize) + 6
	labelX := width - pad - nameW - 2*markR - 4 // left edge of the end labels
	plotR := labelX - 6
	t0, t1 := ticks[0], ticks[len(ticks)-1]
	yOf := func(v float64) float64 { return plotB - (v-t0)/(t1-t0)*plotH }

	xw := maxWidth(l.X, fontSize)
	inset := min(max(markR+2, xw/2), (plotR-plotL)/4)
	xs := make([]float64, n)
	step := math.Inf(1)
	for i := range xs {
		xs[i] = (plotL + plotR) / 2
		if n > 1 {
			step = (plotR - plotL - 2*inset) / float64(n-1)
			xs[i] = plotL + inset + float64(i)*step
		}
	}
	rows, every := 1, 1
	if step < xw+6 {
		if 2*step >= xw+6 {
			rows = 2
		} else {
			every = max(1, int(math.Ceil((xw+6)/step)))
		}
	}

	// grid, axis and tick labels
	var grid, axis strings.Builder
	text.WriteString(`<g fill="` + muted + `">`)
	for i, t := range ticks {
		y := yOf(t)
		w := &grid
		if t == 0 {
			w = &axis
		}
		fmt.Fprintf(w, "M%s %sH%s", num(plotL), num(y), num(plotR))
		fmt.Fprintf(&text, `<text x="%s" y="%s" text-anchor="end">%s</text>`, num(plotL-4), num(y+4.7), tickText[i])
	}
	for i, x := range xs {
		fmt.Fprintf(&axis, "M%s %sv4", num(x), num(plotB))
		if (n-1-i)%every == 0 { // the latest X always has its label
			fmt.Fprintf(&text, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(x), num(plotB+6+12.5+float64(i%rows)*lineH), esc(l.X[i]))
		}
	}
	if empty {
		fmt.Fprintf(&text, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, num((plotL+plotR)/2), num(plotT+plotH/float64(len(ticks)-1)/2+4.7), noData) // between two gridlines
	}
	text.WriteString(`</g>`)
	body := `<path d="` + grid.String() + `" stroke="` + gridTint + `" fill="none"/><path d="` + axis.String() + `" stroke="` + rule + `" fill="none"/>`

	// lines, markers and end labels
	var lines, marks, leaders strings.Builder
	want := make([]float64, len(series))
	for i, s := range series {
		colour, dash, shape := style(i)
		var d strings.Builder
		seg := 0
		fmt.Fprintf(&marks, `<g fill="%s">`, colour)
		for j, v := range s.Values {
			if !v.OK {
				seg = 0
				continue
			}
			if seg == 0 && j+1 < n && s.Values[j+1].OK {
				fmt.Fprintf(&d, "M%s %s", num(xs[j]), num(yOf(v.V)))
			} else if seg > 0 {
				fmt.Fprintf(&d, "L%s %s", num(xs[j]), num(yOf(v.V)))
			}
			seg++
			marker(&marks, shape, xs[j], yOf(v.V))
		}
		marks.WriteString(`</g>`)
		if d.Len() > 0 {
			fmt.Fprintf(&lines, `<path d="%s" stroke="%s"`, d.String(), colour)
			if dash != "" {
				fmt.Fprintf(&lines, ` stroke-dasharray="%s"`, dash)
			}
			lines.WriteString(`/>`)
		}
		want[i] = plotB
		if j := last(s.Values); j >= 0 {
			want[i] = yOf(s.Values[j].V)
		}
	}
	centre := spread(want, heights, plotT-lineH/2, plotB+lineH/2, 2)
	text.WriteString(`<g fill="` + ink + `">`)
	for i, s := range series {
		colour, _, shape := style(i)
		y := centre[i] - heights[i]/2
		fmt.Fprintf(&marks, `<g fill="%s">`, colour)
		marker(&marks, shape, labelX+markR, y+lineH/2)
		marks.WriteString(`</g>`)
		if j := last(s.Values); j >= 0 && (j < n-1 || math.Abs(y+lineH/2-want[i]) > 1) {
			fmt.Fprintf(&leaders, "M%s %sL%s %s", num(xs[j]+markR+1), num(want[i]), num(labelX-1), num(y+lineH/2))
		}
		for k, line := range names[i] {
			fmt.Fprintf(&text, `<text x="%s" y="%s">%s</text>`, num(labelX+2*markR+4), num(y+float64(k)*lineH+12.5), esc(line))
		}
	}
	text.WriteString(`</g>`)
	if leaders.Len() > 0 {
		body += `<path d="` + leaders.String() + `" stroke="` + rule + `" fill="none"/>`
	}
	body += `<g fill="none" stroke-width="2" stroke-linejoin="round">` + lines.String() + `</g>`
	body += `<g class="chart-points" stroke="` + ink + `">` + marks.String() + `</g>`
	body += `<g font-size="` + num(fontSize) + `">` + text.String() + `</g>`
	return body, plotB + 6 + float64(rows)*lineH + pad
}

// last is the index of the last known value, or -1.
func last(vs []Value) int {
	for j := len(vs) - 1; j >= 0; j-- {
		if vs[j].OK {
			return j
		}
	}
	return -1
}
