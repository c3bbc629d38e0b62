package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// AnalyzerName is the Bleve analyzer (and tokenizer) every searchable field
// uses. It is registered when the package is loaded, so an index written by
// Build opens wherever this package is linked in.
const AnalyzerName = "sitegen_zh"

// MaxQueryTerms is how many distinct terms of a query are looked for; the
// rest of a long query is ignored (it could only narrow the results).
const MaxQueryTerms = 12

// Token is one term of analysed text and the bytes [Start, End) of the
// original text it came from.
type Token struct {
	Term       string
	Start, End int
}

// Character classes of folded text.
const (
	sep = iota
	han
	word
)

// class sorts a folded rune: ideographs make runs, and so do letters and
// digits of the scripts listed (a run of either is indexed character by
// character and in pairs); anything else separates.
func class(r rune) int {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		return word
	case r < 0x80:
		return sep
	case r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF,
		r >= 0x20000 && r <= 0x3FFFF, r == 0x3007:
		return han
	case r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7, // Latin letters with diacritics
		r >= 0x370 && r <= 0x3FF, r >= 0x400 && r <= 0x4FF, // Greek, Cyrillic
		r >= 0x3041 && r <= 0x3096, r >= 0x30A1 && r <= 0x30FA, // kana
		r >= 0xAC00 && r <= 0xD7A3: // Hangul syllables
		return word
	}
	return sep
}

// Analyze returns the index terms of s: the folded text cut into runs of
// ideographs and runs of letters and digits; each character of a run is a
// term and so is each pair of neighbouring characters (2020年度 gives 2, 0,
// 20, 02, 年, 度, 年度). The terms of every index fold are given, each term
// once for the same bytes of s.
func Analyze(s string) []Token {
	var out []Token
	analyze(s, func(term []byte, start, end int32) {
		out = append(out, Token{string(term), int(start), int(end)})
	})
	return out
}

// analyze calls emit with every index term of s (term is only valid
// during the call). Lines are analysed one by one: no phrase of the folds
// and no term spans a line break, and a line's folds are more often alike.
func analyze(s string, emit func(term []byte, start, end int32)) {
	var base int32
	at := func(term []byte, start, end int32) { emit(term, base+start, base+end) }
	for len(s) > 0 {
		n := strings.IndexByte(s, '\n') + 1
		if n == 0 {
			n = len(s)
		}
		analyzeLine(s[:n], at)
		s = s[n:]
		base += int32(n)
	}
}

func analyzeLine(s string, emit func(term []byte, start, end int32)) {
	var first []frune
	var aligned [][]frune // folds rune for rune with the first
	var seen map[termKey]bool
	var buf []byte
	f := theFolds()
	for i, chain := range f.index {
		if i > 0 && !f.touches(s, i) {
			continue // this fold changes nothing the first did not
		}
		rs := foldRunes(s, chain)
		if i == 0 {
			first = rs
			buf = tokens(rs, buf, emit)
			continue
		}
		if slices.Equal(rs, first) {
			continue
		}
		if seen == nil {
			seen = map[termKey]bool{}
		}
		if sameOffsets(rs, first) {
			// Only the terms holding a rune that differs from the first
			// fold's are new; those are kept in seen, for the folds after.
			buf = changedTokens(rs, first, buf, func(term []byte, start, end int32) {
				if k := keyOf(term, start, end); !seen[k] {
					seen[k] = true
					emit(term, start, end)
				}
			})
			aligned = append(aligned, rs)
			continue
		}
		// A phrase changed length: compare with every term so far.
		if !seenAll(seen) {
			buf = tokens(first, buf, func(term []byte, start, end int32) {
				seen[keyOf(term, start, end)] = true
			})
			seen[allKey] = true
		}
		buf = tokens(rs, buf, func(term []byte, start, end int32) {
			if k := keyOf(term, start, end); !seen[k] {
				seen[k] = true
				emit(term, start, end)
			}
		})
	}
}

// termKey is a term of one or two runes at its bytes: with its bytes it
// is its own key.
type termKey struct {
	start, end int32
	a, b       rune
}

// allKey marks a seen set that holds the first fold's terms too.
var allKey = termKey{start: -1}

func seenAll(seen map[termKey]bool) bool { return seen[allKey] }

func keyOf(term []byte, start, end int32) termKey {
	a, n := utf8.DecodeRune(term)
	b := rune(-1)
	if n < len(term) {
		b, _ = utf8.DecodeRune(term[n:])
	}
	return termKey{start, end, a, b}
}

// sameOffsets reports whether two folds of one text have their runes at
// the same bytes.
func sameOffsets(a, b []frune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].start != b[i].start || a[i].end != b[i].end {
			return false
		}
	}
	return true
}

// changedTokens calls emit with the terms of rs that first, a fold of the
// same text rune for rune, does not have: those holding a rune that
// differs. The same bytes with another rune make another term.
func changedTokens(rs, first []frune, buf []byte, emit func(term []byte, start, end int32)) []byte {
	for k := range rs {
		if rs[k].r == first[k].r && (k+1 == len(rs) || rs[k+1].r == first[k+1].r) {
			continue
		}
		c := class(rs[k].r)
		if c == sep {
			continue
		}
		if rs[k].r != first[k].r {
			buf = utf8.AppendRune(buf[:0], rs[k].r)
			emit(buf, rs[k].start, rs[k].end)
		}
		if k+1 < len(rs) && class(rs[k+1].r) == c {
			buf = utf8.AppendRune(buf[:0], rs[k].r)
			buf = utf8.AppendRune(buf, rs[k+1].r)
			emit(buf, rs[k].start, rs[k+1].end)
		}
	}
	return buf
}

// tokens calls emit with the terms of folded text; buf is scratch space,
// returned for reuse.
func tokens(rs []frune, buf []byte, emit func(term []byte, start, end int32)) []byte {
	for i := 0; i < len(rs); {
		c := class(rs[i].r)
		j := i + 1
		for j < len(rs) && class(rs[j].r) == c {
			j++
		}
		if c != sep {
			for k := i; k < j; k++ {
				buf = utf8.AppendRune(buf[:0], rs[k].r)
				emit(buf, rs[k].start, rs[k].end)
				if k+1 < j {
					buf = utf8.AppendRune(buf, rs[k+1].r)
					emit(buf, rs[k].start, rs[k+1].end)
				}
			}
		}
		i = j
	}
	return buf
}

// QueryTerms returns the terms a query looks for, in the order they first
// appear, at most MaxQueryTerms: every pair of neighbouring characters of a
// run (a run of one character stands for itself). A document matches when
// it holds all of them, so any text holding the query (in any script or
// width) matches it, and so does any text holding it as a substring.
func QueryTerms(q string) []string {
	rs := foldRunes(q, theFolds().query)
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] && len(out) < MaxQueryTerms {
			seen[t] = true
			out = append(out, t)
		}
	}
	for i := 0; i < len(rs); {
		c := class(rs[i].r)
		j := i + 1
		for j < len(rs) && class(rs[j].r) == c {
			j++
		}
		if c != sep {
			if j-i == 1 {
				add(string(rs[i].r))
			}
			for k := i; k+1 < j; k++ {
				add(string([]rune{rs[k].r, rs[k+1].r}))
			}
		}
		i = j
	}
	return out
}

// tokenizer is Analyze as a Bleve tokenizer.
type tokenizer struct{}

func (tokenizer) Tokenize(in []byte) analysis.TokenStream {
	// About two terms a character (one and a pair), three bytes each.
	n := utf8.RuneCount(in)
	toks := make([]analysis.Token, 0, 2*n+8)
	arena := make([]byte, 0, 6*n+16)
	analyze(string(in), func(term []byte, start, end int32) {
		typ := analysis.Ideographic
		if r, _ := utf8.DecodeRune(term); class(r) == word {
			typ = analysis.AlphaNumeric
		}
		n := len(arena)
		arena = append(arena, term...)
		toks = append(toks, analysis.Token{Term: arena[n:len(arena):len(arena)], Start: int(start), End: int(end),
			Position: len(toks) + 1, Type: typ})
	})
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

func init() {
	err := registry.RegisterTokenizer(AnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return tokenizer{}, nil
	})
	if err == nil {
		err = registry.RegisterAnalyzer(AnalyzerName, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
			tok, err := c.TokenizerNamed(AnalyzerName)
			if err != nil {
				return nil, err
			}
			return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
		})
	}
	if err != nil {
		panic("search: " + err.Error())
	}
}
