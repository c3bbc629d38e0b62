package corpusgen

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"sitegen/internal/report"
)

// filler fills templates for one report.
type filler struct {
	r     rng
	conv  *converter
	a     *planned
	names *agencyText
	year  int
	hant  bool
	figs  map[int]int // figure values as the tables print them
	skew  map[int]int // figures the narrative misstates (defect X1)
	scale float64
}

// agencyText holds the strings of an agency that fill slots, in both scripts.
type agencyText struct {
	name, office, self, area string
	head, hHead              string
	units, shorts            []string
	phone, email, post, addr string
	hName, hOffice, hSelf    string
	hArea, hAddr             string
	hUnits, hShorts          []string
	converted                bool
}

func newAgencyText(r rng, a *planned) *agencyText {
	t := &agencyText{name: a.rec.Name, office: a.office, self: a.self, area: a.area, units: a.unit.chain(), head: headOf(a)}
	for _, u := range t.units {
		t.shorts = append(t.shorts, shortName(u))
	}
	t.phone = fmt.Sprintf("0%d-%d", r.between(310, 999), r.between(2000000, 8999999)*10+r.IntN(10))
	t.email = fmt.Sprintf("zwgk%d@%s.gov.cn", r.between(1, 99), initials(a.unit.prefix))
	t.post = fmt.Sprintf("%06d", r.between(10000, 859999)/10*10)
	road := string([]rune{nameFirst[r.IntN(len(nameFirst))], nameSecond[r.IntN(len(nameSecond))]}) + []string{"路", "大道", "街", "中路"}[r.IntN(4)]
	t.addr = fmt.Sprintf("%s%s%d号", a.unit.prefix, road, r.between(1, 300))
	return t
}

// headOf is the title of the agency's head: 局长, 厅长, 区长, 镇长, 主任.
func headOf(a *planned) string {
	switch {
	case a.kind == kindGov && suffixOf(a.unit.name) == "地区":
		return "专员"
	case a.kind == kindGov && suffixOf(a.unit.name) == "自治区":
		return "主席"
	case a.kind == kindGov || a.kind == kindTown && a.self != "街道":
		return a.self + "长"
	case a.self == "局" || a.self == "厅":
		return a.self + "长"
	}
	return "主任"
}

// initials are the first letters of the pinyin of a place: 石家庄市 → sjzs.
func initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Split(report.Slug(s), "-") {
		if w != "" {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

func (t *agencyText) convert(conv *converter) {
	if t.converted {
		return
	}
	t.converted = true
	t.hName, t.hOffice, t.hSelf, t.hArea, t.hAddr = conv.hant(t.name), conv.hant(t.office), conv.hant(t.self), conv.hant(t.area), conv.hant(t.addr)
	t.hHead = conv.hant(t.head)
	for i := range t.units {
		t.hUnits = append(t.hUnits, conv.hant(t.units[i]))
		t.hShorts = append(t.hShorts, conv.hant(t.shorts[i]))
	}
}

func at(list []string, i int) string { return list[min(i, len(list)-1)] }

// fill writes a template for the report.
func (f *filler) fill(b *strings.Builder, t *template) {
	ps := t.hans
	if f.hant {
		ps = t.hant
	}
	n := f.names
	pick := func(s, h string) string {
		if f.hant {
			return h
		}
		return s
	}
	for _, p := range ps {
		if p.slot == nil {
			b.WriteString(p.lit)
			continue
		}
		s := p.slot
		switch s.kind {
		case slName:
			b.WriteString(pick(n.name, n.hName))
		case slOffice:
			b.WriteString(pick(n.office, n.hOffice))
		case slUnit:
			b.WriteString(at(pick2(f.hant, n.units, n.hUnits), s.arg))
		case slShort:
			b.WriteString(at(pick2(f.hant, n.shorts, n.hShorts), s.arg))
		case slSelf:
			b.WriteString(pick(n.self, n.hSelf))
		case slArea:
			b.WriteString(pick(n.area, n.hArea))
		case slHead:
			b.WriteString(pick(n.head, n.hHead))
		case slPhone:
			b.WriteString(n.phone)
		case slEmail:
			b.WriteString(n.email)
		case slPost:
			b.WriteString(n.post)
		case slAddress:
			b.WriteString(pick(n.addr, n.hAddr))
		case slYear:
			b.WriteString(strconv.Itoa(f.year + s.arg))
		case slFig:
			v := f.figs[s.arg]
			if w, ok := f.skew[s.arg]; ok {
				v = w
			}
			b.WriteString(strconv.Itoa(v))
		case slNum:
			b.WriteString(vary(f.r, s.orig, sqrtRatio(f.scale, s.scale)))
		}
	}
}

func pick2(hant bool, s, h []string) []string {
	if hant {
		return h
	}
	return s
}

func sqrtRatio(a, b float64) float64 {
	if b <= 0 {
		return 1
	}
	// The counts scale with the level, but less than the applications do.
	return math.Sqrt(a / b)
}
