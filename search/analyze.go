package search

import (
	"slices"
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
// during the call).
func analyze(s string, emit func(term []byte, start, end int32)) {
	// A term is one or two runes: with its bytes it is its own key.
	type key struct {
		start, end int32
		a, b       rune
	}
	keyOf := func(term []byte, start, end int32) key {
		a, n := utf8.DecodeRune(term)
		b := rune(-1)
		if n < len(term) {
			b, _ = utf8.DecodeRune(term[n:])
		}
		return key{start, end, a, b}
	}
	var first []frune
	var seen map[key]bool
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
			seen = map[key]bool{}
			buf = tokens(first, buf, func(term []byte, start, end int32) {
				seen[keyOf(term, start, end)] = true
			})
		}
		buf = tokens(rs, buf, func(term []byte, start, end int32) {
			if k := keyOf(term, start, end); !seen[k] {
				seen[k] = true
				emit(term, start, end)
			}
		})
	}
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
	var toks []analysis.Token
	var arena []byte
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
