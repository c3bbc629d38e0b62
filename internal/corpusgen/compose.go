package corpusgen

import (
	"slices"
	"strings"

	"sitegen/internal/report"
)

// Narrative size per report, in bytes of UTF-8 (a Chinese character is
// three): the sections together aim between these.
const (
	minNarrative = 3400
	maxNarrative = 8400
)

var numerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// composed is the narrative of a report.
type composed struct {
	sections []report.Section
	x1       []int // figures checked by rule X1 that the narrative states
}

// allowed reports whether a chunk may be used for a report with these
// figures: a passage saying that no application came in only fits a report
// with none.
func (f *filler) allowed(c *chunk) bool {
	if c.t.zeroN && f.figs[figNew] > 0 {
		return false
	}
	if c.t.zeroA && f.figs[figReview]+f.figs[figSuit] > 0 {
		return false
	}
	// Fees (信息处理费) are reported from 2021 on; the party congresses and
	// the pandemic date a text too.
	return c.t.from <= f.year && f.year <= c.t.to
}

// compose assembles the narrative of a report from the pool: a preamble
// (one source's, half the time), 一、总体情况 (an opening paragraph, then a
// paragraph or two on each of the five points, sentences drawn from every
// source), 五 (one source's paragraphs in order) and 六.
func (p *pool) compose(f *filler) composed {
	r := f.r
	var out composed
	target := r.between(minNarrative, maxNarrative)
	used := map[*chunk]bool{}
	size := 0
	text := func(cs []*chunk, sep string) string {
		var b strings.Builder
		for i, c := range cs {
			if i > 0 {
				b.WriteString(sep)
			}
			f.fill(&b, c.t)
			out.x1 = append(out.x1, c.t.x1...)
		}
		size += b.Len()
		return b.String()
	}
	filter := func(cs []*chunk) []*chunk {
		var ok []*chunk
		for _, c := range cs {
			if !used[c] && f.allowed(c) {
				ok = append(ok, c)
			}
		}
		return ok
	}

	var preamble, problems, others string
	if len(p.preambles) > 0 && r.chance(0.55) {
		if cs := filter(p.preambles[r.IntN(len(p.preambles))]); len(cs) > 0 {
			preamble = text(cs, "\n\n")
		}
	}
	if len(p.problems) > 0 {
		src := filter(p.problems[r.IntN(len(p.problems))])
		budget := r.between(500, 1500)
		var cs []*chunk
		n := 0
		for _, c := range src {
			if n >= budget {
				break
			}
			cs = append(cs, c)
			n += c.t.size
		}
		problems = text(cs, "\n\n")
	}
	if cs := filter(p.others); len(cs) > 0 {
		var fees []*chunk
		for _, c := range cs {
			if c.t.fee {
				fees = append(fees, c)
			}
		}
		if len(fees) > 0 && r.chance(0.8) {
			cs = fees
		}
		others = text([]*chunk{cs[r.IntN(len(cs))]}, "")
	}

	// 一、总体情况.
	var overview strings.Builder
	if cs := filter(p.openings); len(cs) > 0 {
		c := cs[r.IntN(len(cs))]
		used[c] = true
		overview.WriteString(text([]*chunk{c}, ""))
	}
	var byTopic [6][]string
	take := func(topic int, cond func(*chunk) bool) bool {
		var cs []*chunk
		for _, from := range []int{topic, 0, 1, 2, 3, 4, 5} {
			for _, c := range filter(p.topics[from]) {
				if cond == nil || cond(c) {
					cs = append(cs, c)
				}
			}
			// Without a condition, the general chunks stand in for a topic
			// that has run out; a condition is looked for everywhere.
			if len(cs) > 0 || cond == nil && from == 0 {
				break
			}
		}
		if len(cs) == 0 {
			return false
		}
		c := cs[r.IntN(len(cs))]
		if size+c.t.size > maxNarrative+200 {
			return false // too long for what is left: another may fit
		}
		used[c] = true
		byTopic[topic] = append(byTopic[topic], text([]*chunk{c}, ""))
		return true
	}
	// The applications paragraph states the figures of table 三 when a
	// source gives a sentence to state them with (one stating 新收申请 when
	// the narrative is to misstate it).
	take(2, func(c *chunk) bool {
		if f.skew != nil {
			return slices.Contains(c.t.x1, figNew)
		}
		return len(c.t.x1) > 0
	})
	for t := 1; t <= 5; t++ {
		if t != 2 {
			take(t, nil)
		}
	}
	for misses := 0; size < target && misses < 20; {
		if !take(1+r.IntN(5), nil) {
			misses++
		}
	}
	num := 0
	for t := 1; t <= 5; t++ {
		cs := byTopic[t]
		if len(cs) == 0 {
			continue
		}
		heading := "（" + numerals[num] + "）" + topicHeadings[t][r.IntN(len(topicHeadings[t]))] + "。"
		num++
		if f.hant {
			heading = f.conv.hant(heading)
		}
		for i := 0; i < len(cs); i += 3 {
			if overview.Len() > 0 {
				overview.WriteString("\n\n")
			}
			if i == 0 {
				overview.WriteString(heading)
			}
			overview.WriteString(strings.Join(cs[i:min(i+3, len(cs))], ""))
		}
	}

	if preamble != "" {
		out.sections = append(out.sections, report.Section{Body: preamble})
	}
	for _, s := range []struct{ num, body string }{{"一", overview.String()}, {"五", problems}, {"六", others}} {
		out.sections = append(out.sections, report.Section{Num: s.num, Title: sectionTitle(s.num), Body: s.body})
	}
	return out
}

func sectionTitle(num string) string {
	for _, s := range report.Sections {
		if s.Num == num {
			return s.Heading()
		}
	}
	return ""
}
