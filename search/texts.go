package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Text packs (x/N.bin) hold what a result quotes: every document's text
// (its table labels when it has none) cut into passages of at most
// layout.passage runes, at the ends of sentences where it can be. A
// passage is one line of JSON,
//
//	[text, edits]\n
//
// with edits as in fragments (foldEdits), so that the client can mark the
// query in it. A pack holds layout.textDocs consecutive documents, their
// passages end to end; a fragment gives the offset of a document's first
// passage in its pack and that passage's length. Every posting of the text
// field gives the offset, from there, of the passage where the term first
// occurs, and its length in words of 4 bytes, the newline counted (one
// byte of a posting where bytes would take two; the client reads to the
// newline). The client asks for that passage alone, with an HTTP range
// request: what a result shows is
// the passage around the query, at a few hundred bytes a result, whatever
// the length of the document. Packs are .bin so that hosts send
// them as they are (application/octet-stream is not compressed, and
// ranges of a compressed response would not be those of the file).

// textField is the index in Fields of the field whose postings say where
// a term first occurs.
var textField = slices.IndexFunc(Fields, func(f Field) bool { return f.Name == "text" })

// texts is where each document's terms first occur in its text, and where
// its passages start.
type texts struct {
	base []uint32 // per document: its first passage's offset in its pack
	// first holds, per document, the 32-bit hash (fnv1a) of each term of its text
	// and the offset from base of the passage where it first occurs,
	// hash<<32 | offset, sorted. (Two terms of one document with the same
	// hash quote the passage of the first: a passage, never a result, can
	// be off, in about one document in a few thousand.)
	first [][]uint64
	ends  [][]uint32 // per document: where each of its passages ends, newline included
	max   int        // the longest passage, newline not included
}

// firstAt returns the offset, from a document's first passage, of the
// passage where term first occurs in its text, and its length in words
// (the first passage when the term does not occur).
func (t *texts) firstAt(doc int32, term string) (uint32, uint32) {
	at := uint32(0)
	h := fnv1a(term)
	if i, ok := slices.BinarySearchFunc(t.first[doc], h, func(e uint64, h uint32) int { return cmp.Compare(uint32(e>>32), h) }); ok {
		at = uint32(t.first[doc][i])
	}
	return at, t.length(doc, at)
}

// length is the length of a document's passage at an offset from its
// first, the newline counted, in words of 4 bytes.
func (t *texts) length(doc int32, at uint32) uint32 {
	ends := t.ends[doc]
	i, _ := slices.BinarySearch(ends, at+1)
	return (ends[i] - at + 3) / 4
}

// writeTexts writes the text packs and returns where the terms of every
// document first occur.
func writeTexts(docs []Doc, dir string, lay layout, st *Stats) (*texts, error) {
	n := len(docs)
	t := &texts{base: make([]uint32, n), first: make([][]uint64, n), ends: make([][]uint32, n)}
	recs := make([][]byte, lay.textDocs)
	var buf bytes.Buffer
	// A pack at a time, its documents analysed in parallel.
	for start := 0; start < len(docs); start += lay.textDocs {
		end := min(len(docs), start+lay.textDocs)
		var wg sync.WaitGroup
		var next atomic.Int64
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := start + int(next.Add(1)-1); i < end; i = start + int(next.Add(1)-1) {
					recs[i-start], t.ends[i], t.first[i] = docPassages(&docs[i], lay.passage)
				}
			}()
		}
		wg.Wait()
		buf.Reset()
		for i := start; i < end; i++ {
			t.base[i] = uint32(buf.Len())
			buf.Write(recs[i-start])
			prev := uint32(0)
			for _, e := range t.ends[i] {
				t.max = max(t.max, int(e-prev)-1)
				prev = e
			}
		}
		if err := writeFile(dir, filepath.Join("x", strconv.Itoa(start/lay.textDocs)+".bin"), buf.Bytes(), st); err != nil {
			return nil, err
		}
		st.TextPacks++
	}
	return t, nil
}

// docPassages returns a document's passages, one line each, where each
// ends (texts.ends), and the first passage of each term of its text
// (texts.first).
func docPassages(d *Doc, limit int) ([]byte, []uint32, []uint64) {
	src, labels := d.Text, false
	if strings.TrimSpace(src) == "" {
		src, labels = strings.Join(d.Labels, "、"), true
	}
	spans := passageSpans(src, limit)
	var out []byte
	var recEnds []uint32
	offs := make([]uint32, len(spans)) // each span's passage, by offset
	for i, sp := range spans {
		offs[i] = uint32(len(out))
		text := collapseSpace(src[sp[0]:sp[1]])
		if text == "" {
			continue
		}
		if sp[0] > 0 {
			text = "…" + text
		}
		if sp[1] < len(src) && strings.TrimSpace(src[sp[1]:]) != "" {
			text += "…"
		}
		rec, err := json.Marshal([]any{text, foldEdits(text)})
		if err != nil {
			// Strings and edits always encode.
			panic(err)
		}
		out = append(out, rec...)
		out = append(out, '\n')
		recEnds = append(recEnds, uint32(len(out)))
	}
	if len(out) == 0 {
		// A document with nothing to quote still has a passage, so that
		// every fragment's offset points at one.
		out = []byte("[\"\",[]]\n")
		recEnds = []uint32{uint32(len(out))}
	}
	if labels {
		return out, recEnds, nil
	}
	first := map[uint32]uint32{}
	ends := make([]int, len(spans))
	for i, sp := range spans {
		ends[i] = sp[1]
	}
	analyze(src, func(term []byte, start, _ int32) {
		h := fnv1a(term)
		if _, ok := first[h]; ok {
			return
		}
		i, _ := slices.BinarySearch(ends, int(start)+1)
		first[h] = offs[min(i, len(offs)-1)]
	})
	var entries []uint64
	for h, at := range first {
		// A term first in the first passage needs no entry: firstAt
		// gives that passage for a term it does not find.
		if at != 0 {
			entries = append(entries, uint64(h)<<32|uint64(at))
		}
	}
	slices.Sort(entries)
	return out, recEnds, entries
}

// passageSpans cuts s into byte ranges that cover it end to end, each of
// at most limit runes: sentences (ending in 。！？；!?; or a line break)
// are kept whole and joined while they fit; a longer sentence is cut after
// its last comma or colon in the limit when that is past half of it, else
// at the limit.
func passageSpans(s string, limit int) [][2]int {
	var pieces [][2]int // sentences, long ones cut
	start, runes := 0, 0
	soft, softRunes := -1, 0 // the end of the last comma, and runes to it
	for i, r := range s {
		if runes == limit {
			cut := i
			if soft > start && softRunes*2 >= limit {
				cut, runes = soft, runes-softRunes
			} else {
				runes = 0
			}
			pieces = append(pieces, [2]int{start, cut})
			start, soft = cut, -1
		}
		runes++
		switch end := i + utf8.RuneLen(r); {
		case strings.ContainsRune("。！？；!?;\n", r):
			pieces = append(pieces, [2]int{start, end})
			start, runes, soft = end, 0, -1
		case strings.ContainsRune("，、,：:", r):
			soft, softRunes = end, runes
		}
	}
	if start < len(s) || len(pieces) == 0 {
		pieces = append(pieces, [2]int{start, len(s)})
	}
	var out [][2]int
	for _, p := range pieces {
		if len(out) > 0 {
			last := &out[len(out)-1]
			if n := utf8.RuneCountInString(strings.TrimSpace(s[last[0]:p[1]])); n <= limit || strings.TrimSpace(s[p[0]:p[1]]) == "" {
				last[1] = p[1]
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// collapseSpace trims s and turns each run of white space into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
