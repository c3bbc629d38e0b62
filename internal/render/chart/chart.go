// Package chart draws accessible charts as server-rendered SVG, each paired
// with the data table it draws.
//
// Render returns one <figure class="chart"> holding, in order:
//
//   - <figcaption class="chart-title"> with the title;
//   - <svg class="chart-svg" role="img" aria-labelledby="ID-title ID-desc">
//     with <title id="ID-title"> and <desc id="ID-desc">;
//   - <details class="chart-data"> with a <summary> and the data table
//     (<table class="chart-table">, numbers in cells of class "num", blanks
//     shown as "未填报" with class "num blank").
//
// The output has no style attributes and no <style> element, so pages can keep
// a strict Content-Security-Policy: drawing uses SVG presentation attributes
// and layout comes from the classes in assets/css/chart.css. The SVG has a
// viewBox 320 units wide and no fixed size; text is 13 units high, so it
// renders at 11.7 px in a 288 px container. Colours come from the Okabe–Ito
// palette and are never the only cue: bars carry value labels, lines carry a
// marker shape, a dash pattern and their name at the line end.
//
// Output is deterministic and compact: no needless whitespace, coordinates
// rounded to 0.1.
package chart

import (
	"hash/fnv"
	"html"
	"math"
	"strconv"
	"strings"
)

// Value is one number; OK is false when the report left it blank (unknown).
type Value struct {
	V  float64
	OK bool
}

const (
	width    = 320.0 // viewBox width
	fontSize = 13.0  // all SVG text; ≥ 11 px at 288 px wide
	lineH    = 16.0  // height of one line of text
	pad      = 8.0   // outer margin
	ink      = "#1a1a1a"
	muted    = "#595959" // secondary text, 7:1 on white
	rule     = "#767676" // axis lines
	gridTint = "#d9d9d9"
	blank    = "未填报"
	noData   = "无数据"
)

// palette is Okabe–Ito, darkest first so the common cases get the colours
// that contrast best with white.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#F0E442"}

var esc = html.EscapeString

// num writes a coordinate rounded to 0.1.
func num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Format writes v with thousands separators and decimals only when present:
// 1234 → "1,234", 12.5 → "12.5".
func Format(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// cell is what a value shows: its number or "未填报".
func cell(v Value) string {
	if !v.OK {
		return blank
	}
	return Format(v.V)
}

// safeID keeps the ASCII letters, digits, '-' and '_' of id, so it can be
// used in IDREF lists and CSS selectors; an empty result is replaced by one
// derived from the title.
func safeID(id, title string) string {
	var b strings.Builder
	for _, r := range id {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		h := fnv.New32a()
		h.Write([]byte(title))
		return "chart-" + strconv.FormatUint(uint64(h.Sum32()), 16)
	}
	return b.String()
}

// withUnit appends "（单位：件）" when there is a unit.
func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + "（" + unit + "）"
}

// figure assembles the parts Render returns around the SVG body.
type figure struct {
	id, kind, title, desc, unit string
	height                      float64
	body                        string // SVG content after <desc>
	head                        []string
	rows                        []string
	cells                       [][]Value // cells[row][column]
}

func (f figure) String() string {
	var b strings.Builder
	id, title := esc(f.id), esc(f.title)
	b.WriteString(`<figure class="chart chart-` + f.kind + `" id="` + id + `">`)
	b.WriteString(`<figcaption class="chart-title">` + title + `</figcaption>`)
	b.WriteString(`<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + num(width) + ` ` + num(f.height) + `"`)
	b.WriteString(` role="img" aria-labelledby="` + id + `-title ` + id + `-desc">`)
	b.WriteString(`<title id="` + id + `-title">` + title + `</title><desc id="` + id + `-desc">` + esc(f.desc) + `</desc>`)
	b.WriteString(f.body + `</svg>`)
	b.WriteString(`<details class="chart-data"><summary>数据表：` + title + `</summary>`)
	b.WriteString(`<div class="chart-scroll" role="region" tabindex="0" aria-labelledby="` + id + `-cap">`)
	b.WriteString(`<table class="chart-table"><caption id="` + id + `-cap">` + esc(withUnit(f.title, unitNote(f.unit))) + `</caption>`)
	b.WriteString(`<thead><tr>`)
	for i, h := range f.head {
		class := ""
		if i > 0 {
			class = ` class="num"`
		}
		b.WriteString(`<th scope="col"` + class + `>` + esc(h) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for i, r := range f.rows {
		b.WriteString(`<tr><th scope="row">` + esc(r) + `</th>`)
		for _, v := range f.cells[i] {
			class := "num"
			if !v.OK {
				class = "num blank"
			}
			b.WriteString(`<td class="` + class + `">` + cell(v) + `</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></div></details></figure>`)
	return b.String()
}

func unitNote(unit string) string {
	if unit == "" {
		return ""
	}
	return "单位：" + unit
}

// values returns vs resized to n; missing entries, NaN and infinities are
// blank.
func values(vs []Value, n int) []Value {
	out := make([]Value, n)
	copy(out, vs)
	for i, v := range out {
		if math.IsNaN(v.V) || math.IsInf(v.V, 0) {
			out[i] = Value{}
		}
	}
	return out
}
