package changes

import (
	"regexp"
	"slices"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"sitegen/internal/report"
)

// Para is one paragraph of a section diff. Old is the previous report's
// text (empty for Added), New the current one's (empty for Removed); both
// are set, and equal, for Same.
type Para struct {
	Op       Op
	Old, New string
	Inline   []Span // the character diff from Old to New; only for Changed
}

// Span is a piece of an inline diff: Same, Added or Removed text.
type Span struct {
	Op   Op
	Text string
}

// SectionDiff is the diff of one section. Num is 一 … 六, or "" for the
// preamble; Title is the heading as the current report writes it (as the
// previous one does when only it has the section).
type SectionDiff struct {
	Num, Title string
	// Op is Added or Removed when only one report has the section, Changed
	// when a paragraph differs, Same otherwise.
	Op      Op
	Paras   []Para
	Changed bool // Op != Same
}

// Similar is the share of common character pairs (bigrams) from which a
// removed and an added paragraph side by side are shown as one changed
// paragraph: twice the bigrams the two share over the bigrams of both
// (the Sørensen–Dice coefficient).
const Similar = 0.5

// Narrative diffs the sections of two reports, matched by number, in the
// order of the form (preamble first); a section only one report has is
// included, all its paragraphs Added or Removed. Paragraphs are the
// blocks of the Markdown body between blank lines, a list, table or fenced
// code block counting as one. The paragraph sequences are diffed as a
// whole (a paragraph moved is Removed where it was and Added where it is);
// a removed paragraph is paired with an added one of the same run of
// changes when they are Similar, and shown as Changed with an inline diff.
// Either report may be nil.
func Narrative(prev, cur *report.Report) []SectionDiff {
	var out []SectionDiff
	nums := []string{""}
	for _, s := range report.Sections {
		nums = append(nums, s.Num)
	}
	for _, num := range nums {
		ps, cs := section(prev, num), section(cur, num)
		if ps == nil && cs == nil {
			continue
		}
		d := SectionDiff{Num: num}
		var old, new []string
		switch {
		case cs == nil:
			d.Title, d.Op, old = ps.Title, Removed, paragraphs(ps.Body)
		case ps == nil:
			d.Title, d.Op, new = cs.Title, Added, paragraphs(cs.Body)
		default:
			d.Title, old, new = cs.Title, paragraphs(ps.Body), paragraphs(cs.Body)
		}
		d.Paras = diffParas(old, new)
		if d.Op == Same && slices.ContainsFunc(d.Paras, func(p Para) bool { return p.Op != Same }) {
			d.Op = Changed
		}
		d.Changed = d.Op != Same
		out = append(out, d)
	}
	return out
}

func section(r *report.Report, num string) *report.Section {
	if r == nil {
		return nil
	}
	return r.Section(num)
}

var (
	listItemRE = regexp.MustCompile(`^ {0,3}([-*+]|\d{1,9}[.)])([ \t]|$)`)
	fenceRE    = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// paragraphs splits a Markdown body into blocks separated by blank lines.
// A fenced code block is one block, and so is a list: blocks of list items,
// and indented blocks following them, are joined.
func paragraphs(body string) []string {
	var out []string
	var cur []string
	inList, inFence := false, false
	flush := func() {
		if len(cur) == 0 {
			return
		}
		block := strings.Join(cur, "\n")
		cur = nil
		first := strings.SplitN(block, "\n", 2)[0]
		isList := listItemRE.MatchString(first)
		if inList && len(out) > 0 && (isList || strings.HasPrefix(first, " ") || strings.HasPrefix(first, "\t")) {
			out[len(out)-1] += "\n\n" + block
			return
		}
		inList = isList
		out = append(out, block)
	}
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimRight(l, " \t\r")
		if fenceRE.MatchString(l) {
			inFence = !inFence
		}
		if l == "" && !inFence {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

func newDMP() *diffmatchpatch.DiffMatchPatch {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline: the same input always gives the same diff
	return dmp
}

// diffParas diffs two paragraph sequences: each distinct paragraph becomes
// one rune, and the rune strings are diffed.
func diffParas(old, new []string) []Para {
	ids := map[string]rune{}
	var texts []string
	encode := func(ps []string) []rune {
		rs := make([]rune, len(ps))
		for i, p := range ps {
			id, ok := ids[p]
			if !ok {
				// Private-use and later code points: valid runes, no surrogates.
				id = rune(0xE000 + len(texts))
				ids[p], texts = id, append(texts, p)
			}
			rs[i] = id
		}
		return rs
	}
	a, b := encode(old), encode(new)
	var out []Para
	var removed, added []string
	flush := func() {
		out = append(out, pair(removed, added)...)
		removed, added = nil, nil
	}
	for _, d := range newDMP().DiffMainRunes(a, b, false) {
		for _, r := range d.Text {
			p := texts[r-0xE000]
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				flush()
				out = append(out, Para{Op: Same, Old: p, New: p})
			case diffmatchpatch.DiffDelete:
				removed = append(removed, p)
			case diffmatchpatch.DiffInsert:
				added = append(added, p)
			}
		}
	}
	flush()
	return out
}

// pair turns a run of removed and added paragraphs into Paras: each removed
// paragraph is paired, in order, with the most similar added one not yet
// passed over, if any is Similar; added paragraphs passed over come first.
func pair(removed, added []string) []Para {
	var out []Para
	next := 0
	grams := make([]map[string]int, len(added))
	for j, a := range added {
		grams[j] = bigrams(a)
	}
	for _, old := range removed {
		og := bigrams(old)
		best, bestScore := -1, Similar
		for j := next; j < len(added); j++ {
			score := dice(og, grams[j])
			if score > bestScore || best < 0 && score >= Similar {
				best, bestScore = j, score
			}
		}
		if best < 0 {
			out = append(out, Para{Op: Removed, Old: old})
			continue
		}
		for ; next < best; next++ {
			out = append(out, Para{Op: Added, New: added[next]})
		}
		out = append(out, Para{Op: Changed, Old: old, New: added[best], Inline: inline(old, added[best])})
		next = best + 1
	}
	for ; next < len(added); next++ {
		out = append(out, Para{Op: Added, New: added[next]})
	}
	return out
}

// bigrams counts the character pairs of a paragraph (its single character
// when it has only one).
func bigrams(s string) map[string]int {
	rs := []rune(s)
	m := make(map[string]int, len(rs))
	if len(rs) == 1 {
		m[s]++
	}
	for i := 0; i+1 < len(rs); i++ {
		m[string(rs[i:i+2])]++
	}
	return m
}

// dice is the Sørensen–Dice coefficient of two bigram multisets: the share
// of character pairs two paragraphs have in common. It is linear in their
// length, where a character diff of every candidate pair is quadratic.
func dice(a, b map[string]int) float64 {
	na, nb, common := 0, 0, 0
	for g, n := range a {
		na += n
		common += min(n, b[g])
	}
	for _, n := range b {
		nb += n
	}
	if na+nb == 0 {
		return 1
	}
	return 2 * float64(common) / float64(na+nb)
}

// inline diffs two paragraphs by character, with semantic cleanup.
func inline(a, b string) []Span {
	dmp := newDMP()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(a, b, false))
	spans := make([]Span, 0, len(diffs))
	for _, d := range diffs {
		op := Same
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Added
		case diffmatchpatch.DiffDelete:
			op = Removed
		}
		spans = append(spans, Span{Op: op, Text: d.Text})
	}
	return spans
}
