package search

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Result fragments (f/N.json) hold what a result shows, for documents
// N·fragDocs up to (N+1)·fragDocs−1:
//
//	{"reports": [[title, path, region, title edits], …],
//	 "docs":    [[report, anchor, heading, passages, first], …]}
//
// A document names its report by its index in "reports"; its link is the
// report's path and its anchor (#s1). Its heading is a number when it is
// the usual one for its place in the report: the index of that place in
// the manifest's "headings". Passages is the offset of its first passage
// in its text pack (texts.go), first that passage's length in words of 4
// bytes; what a result
// quotes is a passage. Edits
// say how the query fold changes a title or a passage, so that the
// client can find a query in it without the fold's dictionaries: a list of
// [offset, length, replacement] in UTF-16 code units of the original, only
// where the fold changes it, or the folded text itself when it has as many
// code units (see foldEdits).

type fragReport struct {
	title, path, region string
}

// usualHeadings returns the most frequent heading at each place in a
// report (Doc.Order).
func usualHeadings(docs []Doc) []string {
	counts := map[int]map[string]int{}
	top := 0
	for _, d := range docs {
		if counts[d.Order] == nil {
			counts[d.Order] = map[string]int{}
		}
		counts[d.Order][d.Section]++
		top = max(top, d.Order)
	}
	out := make([]string, top+1)
	for o, cs := range counts {
		best := -1
		for h, c := range cs {
			if c > best || c == best && h < out[o] {
				out[o], best = h, c
			}
		}
	}
	return out
}

func writeFragments(docs []Doc, tx *texts, dir string, lay layout, usual []string, st *Stats) error {
	for start := 0; start < len(docs); start += lay.fragDocs {
		end := min(len(docs), start+lay.fragDocs)
		reports := []any{}
		index := map[fragReport]int{}
		var ds []any
		for i := start; i < end; i++ {
			d := &docs[i]
			path, anchor := d.URL, ""
			if k := strings.IndexByte(path, '#'); k >= 0 {
				path, anchor = path[:k], path[k:]
			}
			r := fragReport{d.Title, path, strings.Join(d.Region, " ")}
			ri, ok := index[r]
			if !ok {
				ri = len(reports)
				index[r] = ri
				reports = append(reports, []any{r.title, r.path, r.region, foldEdits(r.title)})
			}
			var heading any = d.Section
			if d.Order >= 0 && d.Order < len(usual) && usual[d.Order] == d.Section {
				heading = d.Order
			}
			ds = append(ds, []any{ri, anchor, heading, tx.base[i], tx.length(int32(i), 0)})
		}
		data, err := json.Marshal(map[string]any{"reports": reports, "docs": ds})
		if err != nil {
			return err
		}
		if err := writeFile(dir, filepath.Join("f", strconv.Itoa(start/lay.fragDocs)+".json"), data, st); err != nil {
			return err
		}
		st.Fragments++
	}
	return nil
}

// foldEdits returns how the query fold changes s: [offset, length,
// replacement] for every place it changes, offsets and lengths in UTF-16
// code units of s; or, when every change keeps the length of what it
// replaces (the usual case: one character for another), the folded text
// itself, shorter than many edits. Never nil, so that it encodes as [].
func foldEdits(s string) any {
	edits := [][3]any{}
	rs := foldRunes(s, theFolds().query)
	u16 := func(b int32) int { return utf16Len(s[:b]) }
	same := true
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j].start == rs[i].start && rs[j].end == rs[i].end {
			j++
		}
		// Separators are never part of a term: how they fold does not
		// matter (，is , for the client as well).
		if text, orig := runesString(rs[i:j]), s[rs[i].start:rs[i].end]; text != orig && !allSep(text) {
			edits = append(edits, [3]any{u16(rs[i].start), utf16Len(orig), text})
			same = same && utf16Len(text) == utf16Len(orig)
		}
		i = j
	}
	if len(edits) < 3 || !same {
		return edits
	}
	// The folded text, unit for unit.
	u := utf16.Encode([]rune(s))
	for _, e := range edits {
		copy(u[e[0].(int):], utf16.Encode([]rune(e[2].(string))))
	}
	return string(utf16.Decode(u))
}

func allSep(s string) bool {
	for _, r := range s {
		if class(r) != sep {
			return false
		}
	}
	return true
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// writeFoldShards writes the query fold's dictionaries as z/N.json, an
// entry in the file of its key's first character (code point mod shards):
//
//	[[step 1 dictionary 1, …], [step 2 dictionary 1, …]]
//
// each dictionary a flat [key, value, key, value, …]. The client fetches
// the files of the ideographs of a query (every key holds one). A file also holds the second
// step's entries that start with any character the first step's entries
// in it produce, so that one round of fetches folds any query.
func writeFoldShards(dir string, lay layout, st *Stats) error {
	tables := queryTables()
	n := lay.foldShards
	type ref struct{ si, di, ei int }
	first := func(key string) rune { r, _ := utf8.DecodeRuneInString(key); return r }
	byFirst := map[rune][]ref{}
	shards := make([]map[ref]bool, n)
	for s := range shards {
		shards[s] = map[ref]bool{}
	}
	for si, step := range tables {
		for di, d := range step {
			for ei, e := range d {
				r := ref{si, di, ei}
				c := first(e.Key)
				byFirst[c] = append(byFirst[c], r)
				if class(c) == han {
					shards[int(c)%n][r] = true
					continue
				}
				// The client fetches the files of a query's ideographs:
				// a key starting otherwise (SQL隱碼攻擊) is in them all.
				for _, set := range shards {
					set[r] = true
				}
			}
		}
	}
	// The closure: later steps' entries starting with what earlier steps'
	// entries in the file produce (steps in order, so one pass suffices).
	for _, set := range shards {
		for si := range tables {
			for r := range set {
				if r.si != si {
					continue
				}
				for _, c := range tables[si][r.di][r.ei].Value {
					for _, r2 := range byFirst[c] {
						if r2.si > si {
							set[r2] = true
						}
					}
				}
			}
		}
	}
	for s, set := range shards {
		out := make([][][]string, len(tables))
		for si, step := range tables {
			out[si] = make([][]string, len(step))
			for di, d := range step {
				flat := []string{}
				for ei, e := range d {
					if set[ref{si, di, ei}] {
						flat = append(flat, e.Key, e.Value)
					}
				}
				out[si][di] = flat
			}
		}
		data, err := json.Marshal(out)
		if err != nil {
			return err
		}
		if err := writeFile(dir, filepath.Join("z", strconv.Itoa(s)+".json"), data, st); err != nil {
			return err
		}
	}
	return nil
}
