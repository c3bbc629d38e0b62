package chart

import (
	"math"
	"strings"
)

const markR = 4.5 // marker radius

// dashes are the stroke-dasharray of each series, so that series stay apart
// in black-and-white print: solid, long dash, dot, dash-dot, short dash,
// very long dash, dash-dot-dot, sparse dot.
var dashes = []string{"", "7 3", "2 3", "8 3 2 3", "4 2", "12 3", "8 3 2 3 2 3", "1 4"}

// style returns the colour, dash pattern and marker shape of series i.
func style(i int) (colour, dash string, shape int) {
	return palette[i%len(palette)], dashes[i%len(dashes)], i % 8
}

// marker writes marker shape k centred at (x, y): circle, square, triangle,
// diamond, downward triangle, plus, cross, star. Fill and stroke come from
// the enclosing group.
func marker(b *strings.Builder, k int, x, y float64) {
	r := markR
	var pts [][2]float64
	switch k % 8 {
	case 0:
		b.WriteString(`<circle cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(r) + `"/>`)
		return
	case 1:
		pts = regular(4, r*1.2, 45)
	case 2:
		pts = regular(3, r*1.3, -90)
	case 3:
		pts = regular(4, r*1.3, 0)
	case 4:
		pts = regular(3, r*1.3, 90)
	case 5, 6:
		w, l := r*0.4, r*1.2
		pts = [][2]float64{{-w, -l}, {w, -l}, {w, -w}, {l, -w}, {l, w}, {w, w}, {w, l}, {-w, l}, {-w, w}, {-l, w}, {-l, -w}, {-w, -w}}
		if k%8 == 6 {
			for i, p := range pts {
				pts[i] = [2]float64{(p[0] - p[1]) / math.Sqrt2, (p[0] + p[1]) / math.Sqrt2}
			}
		}
	case 7:
		for i := range 10 {
			rad := r * 1.35
			if i%2 == 1 {
				rad *= 0.45
			}
			a := (float64(i)*36 - 90) * math.Pi / 180
			pts = append(pts, [2]float64{rad * math.Cos(a), rad * math.Sin(a)})
		}
	}
	b.WriteString(`<path d="`)
	for i, p := range pts {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString("L")
		}
		b.WriteString(num(x+p[0]) + " " + num(y+p[1]))
	}
	b.WriteString(`Z"/>`)
}

// regular returns the corners of a regular polygon of n sides and radius r,
// the first corner at angle start (degrees, clockwise from the x axis).
func regular(n int, r, start float64) [][2]float64 {
	pts := make([][2]float64, n)
	for i := range pts {
		a := (start + float64(i)*360/float64(n)) * math.Pi / 180
		pts[i] = [2]float64{r * math.Cos(a), r * math.Sin(a)}
	}
	return pts
}
