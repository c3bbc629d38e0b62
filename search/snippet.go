package search

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Marks around a highlighted passage of a snippet (Unicode private use, so
// they never occur in text).
const (
	MarkStart = "\uE000"
	MarkEnd   = "\uE001"
)

// snippetRunes is about how long a snippet is.
const snippetRunes = 80

// snippet returns the passage of text, about snippetRunes long, that holds
// the most of the terms, with every place of a term marked (places that
// overlap or touch make one mark), or "" when text holds none of them. The
// places are found by analysing the text as the index did, so they are in
// the original, whatever its script or width.
func snippet(text string, terms []string) string {
	want := map[string]bool{}
	for _, t := range terms {
		want[t] = true
	}
	type place struct {
		start, end int
		term       string
	}
	var places []place
	for _, tok := range Analyze(text) {
		if want[tok.Term] {
			places = append(places, place{tok.Start, tok.End, tok.Term})
		}
	}
	if len(places) == 0 {
		return ""
	}
	sort.Slice(places, func(i, j int) bool { return places[i].start < places[j].start })
	// The window: of those starting a little before a place, the one
	// that holds the most distinct terms, then the most places.
	start, end, bestN, bestP := 0, 0, -1, -1
	for i := range places {
		s := runeOffset(text, places[i].start, -snippetRunes/4)
		e := runeOffset(text, s, snippetRunes)
		seen := map[string]bool{}
		n := 0
		for _, p := range places {
			if p.start >= s && p.end <= e {
				seen[p.term] = true
				n++
			}
		}
		if len(seen) > bestN || len(seen) == bestN && n > bestP {
			start, end, bestN, bestP = s, e, len(seen), n
		}
	}
	// The marks: places merged where they overlap or touch.
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	at := start
	for i := 0; i < len(places); {
		s, e := places[i].start, places[i].end
		for i++; i < len(places) && places[i].start <= e; i++ {
			e = max(e, places[i].end)
		}
		s, e = max(s, start), min(e, end)
		if s >= e || s < at {
			continue
		}
		b.WriteString(text[at:s])
		b.WriteString(MarkStart)
		b.WriteString(text[s:e])
		b.WriteString(MarkEnd)
		at = e
	}
	b.WriteString(text[at:end])
	if end < len(text) {
		b.WriteString(" …")
	}
	return b.String()
}

// runeOffset moves n runes from byte offset at (back when n < 0), within
// text.
func runeOffset(text string, at, n int) int {
	for ; n > 0 && at < len(text); n-- {
		_, w := utf8.DecodeRuneInString(text[at:])
		at += w
	}
	for ; n < 0 && at > 0; n++ {
		_, w := utf8.DecodeLastRuneInString(text[:at])
		at -= w
	}
	return at
}
