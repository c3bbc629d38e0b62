package search

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Folding makes the scripts and widths of Chinese text meet before it is
// tokenised:
//
//  1. width: full-width ASCII (U+FF01–U+FF5E) becomes half-width and the
//     ideographic space U+3000 a space, so ２０２０ is 2020;
//  2. script: OpenCC conversion to simplified characters;
//  3. case: ASCII letters become lower case.
//
// Step 2 runs OpenCC's own algorithm over OpenCC's own dictionaries (read
// out of github.com/longbridgeapp/opencc, which embeds them), reimplemented
// here so that every output character keeps the bytes of input it came
// from: highlighting needs offsets into the original text.
//
// A query is folded one way, the query fold: Taiwan phrases and variants
// whose key holds a traditional-only character (檔案→文件, 資訊→信息, 著→着),
// then traditional phrases and characters (OpenCC's t2s). So 規範性檔案 and
// 规范性文件 are the same query, and so are 複議 and 复议. Taiwan phrases
// whose key is also simplified text (文件→文档, 程式→程序) are left out: they
// would turn simplified queries into something else.
//
// Indexed text is folded five ways and indexed under all of them (each term
// once where the ways agree): the query fold; t2s alone (檔案 is also found
// as 档案); OpenCC's full tw2sp, Taiwan phrases included (a report written
// with 程式 is found by 程序); t2s character by character, without phrases
// (乾 in 乾隆 is found by 干 as well); and s2twp then the query fold, which
// is how a query in Taiwan's words meets simplified text (程式 finds 程序,
// 檔案 finds 档案). Simplified text folds the same way under the first four,
// and mostly under the fifth, so its terms are mostly those of the text.
//
// The fifth fold would run five steps over every text, s2t changing nearly
// every character only for the query fold to change most of them back. It
// runs instead as one step after the query fold, through a dictionary made
// when the folds are loaded: every key of the s2twp dictionaries (in its
// query-folded form) whose conversion by the whole chain folds to
// something else, mapped to that. A text is converted by it as by the whole
// chain, but for phrases the chain would have cut differently at their
// edges.

// convStep is one step of an OpenCC conversion chain: dictionaries tried in
// order at each position; the first that has any key starting there wins
// with its longest such key.
type convStep struct {
	dicts  []map[string]string
	tries  []*trie // the keys of each dictionary
	starts runeSet // the runes any key starts with
}

// trie holds a dictionary's keys rune by rune: node 0 is the root, and
// the edges sit in one map of plain integers, which the garbage collector
// need not scan.
type trie struct {
	next map[uint64]int32 // node<<32 | rune → child
	val  []int32          // per node: its value in vals, or -1
	vals []string
}

func newTrie(m map[string]string) *trie {
	t := &trie{next: make(map[uint64]int32, len(m)*2), val: []int32{-1}}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // node numbers independent of map order
	for _, k := range keys {
		n := int32(0)
		for _, r := range k {
			e := uint64(n)<<32 | uint64(uint32(r))
			c, ok := t.next[e]
			if !ok {
				c = int32(len(t.val))
				t.val = append(t.val, -1)
				t.next[e] = c
			}
			n = c
		}
		t.val[n] = int32(len(t.vals))
		t.vals = append(t.vals, m[k])
	}
	return t
}

// longest returns the length in runes and the value of the longest key
// that starts in, and is at most maxWindow runes of, in; 0 when none.
func (t *trie) longest(in []frune) (int, string) {
	n, best, val := int32(0), 0, ""
	for j := 0; j < len(in) && j < maxWindow; j++ {
		c, ok := t.next[uint64(n)<<32|uint64(uint32(in[j].r))]
		if !ok {
			break
		}
		n = c
		if v := t.val[n]; v >= 0 {
			best, val = j+1, t.vals[v]
		}
	}
	return best, val
}

// runeSet is a set of runes: a bitmap of the Basic Multilingual Plane and
// a map beyond it.
type runeSet struct {
	bmp   []uint64
	other map[rune]bool
}

func (s *runeSet) add(r rune) {
	if s.bmp == nil {
		s.bmp = make([]uint64, 0x10000/64)
		s.other = map[rune]bool{}
	}
	if r < 0x10000 {
		s.bmp[r>>6] |= 1 << (r & 63)
	} else {
		s.other[r] = true
	}
}

func (s *runeSet) has(r rune) bool {
	if s.bmp == nil {
		return false
	}
	if r >= 0 && r < 0x10000 {
		return s.bmp[r>>6]&(1<<(r&63)) != 0
	}
	return s.other[r]
}

// maxWindow is how many runes OpenCC looks ahead for a phrase (its
// preOffset).
const maxWindow = 10

// folds are the conversion chains of the query fold and of the index folds.
type folds struct {
	query  []convStep   // Taiwan (traditional-only keys), then t2s
	index  [][]convStep // query, t2s, tw2sp, t2s characters, query then Taiwan words
	differ [][]convStep // for each index fold, the steps that make it differ from the query fold
}

var loadFolds = sync.OnceValues(func() (*folds, error) {
	chain, err := openccChain("tw2sp")
	if err != nil {
		return nil, err
	}
	if len(chain) != 2 || len(chain[1].dicts) != 2 {
		return nil, fmt.Errorf("opencc tw2sp: unexpected chain")
	}
	tw, ts := chain[0], chain[1]
	// The Taiwan entries a query may use: those whose key t2s changes.
	var twq convStep
	for _, d := range tw.dicts {
		m := map[string]string{}
		for k, v := range d {
			if ts.run(k) != k {
				m[k] = v
			}
		}
		twq.add(m)
	}
	var chars convStep
	chars.add(ts.dicts[1])
	s2twp, err := openccChain("s2twp")
	if err != nil {
		return nil, err
	}
	query := []convStep{twq, ts}
	tw4 := taiwanWords(s2twp, query)
	return &folds{
		query:  query,
		index:  [][]convStep{query, {ts}, {tw, ts}, {chars}, append(slices.Clone(query), tw4)},
		differ: [][]convStep{nil, {twq}, {tw}, {twq, ts}, {tw4}},
	}, nil
})

// taiwanWords is the one step that the fifth index fold takes after the
// query fold (see above): query-folded keys of the s2twp chain's
// dictionaries that the chain then the query fold turn into other text.
func taiwanWords(s2twp, query []convStep) convStep {
	full := append(slices.Clone(s2twp), query...)
	ts := query[len(query)-1]
	m := map[string]string{}
	try := func(key string) {
		if _, done := m[key]; !done && utf8.RuneCountInString(key) <= maxWindow {
			m[key] = runesString(foldRunes(key, full))
		}
	}
	// The keys in simplified characters: query-folded, and by t2s alone
	// (檔案 of the query's Taiwan words is 档案 in simplified text).
	for _, st := range full {
		for _, d := range st.dicts {
			for k := range d {
				try(runesString(foldRunes(k, query)))
				try(ts.run(k))
			}
		}
	}
	for k, v := range m {
		if k == v || runesString(foldRunes(k, query)) == v {
			delete(m, k)
		}
	}
	var st convStep
	st.add(m)
	return st
}

// openccChain reads the conversion chain of an OpenCC configuration.
func openccChain(config string) ([]convStep, error) {
	cc, err := opencc.New(config)
	if err != nil {
		return nil, fmt.Errorf("opencc %s: %w", config, err)
	}
	var chain []convStep
	for _, g := range cc.DictChains {
		var st convStep
		for _, d := range g.Dicts {
			m := map[string]string{}
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				key, err := d.Trie.Key(id)
				if err != nil {
					return nil, fmt.Errorf("opencc %s: %w", config, err)
				}
				v, err := d.Trie.Value(id)
				if err != nil {
					return nil, fmt.Errorf("opencc %s: %w", config, err)
				}
				if vals := d.Values[v]; len(vals) > 0 && len(key) > 0 {
					m[string(key)] = vals[0]
				}
			}
			st.add(m)
		}
		chain = append(chain, st)
	}
	return chain, nil
}

// touches reports whether index fold i may differ from the first (the
// query fold) on s: whether any of the runes of s starts a key of a step
// that only one of them has. Otherwise both give the same runes.
func (f *folds) touches(s string, i int) bool {
	for _, r := range s {
		for _, st := range f.differ[i] {
			if st.starts.has(widthFold(r)) {
				return true
			}
		}
	}
	return false
}

// theFolds returns the folds; the dictionaries are embedded, so a failure
// is a broken build of the binary.
func theFolds() *folds {
	f, err := loadFolds()
	if err != nil {
		panic("search: " + err.Error())
	}
	return f
}

func (st *convStep) add(m map[string]string) {
	st.dicts = append(st.dicts, m)
	st.tries = append(st.tries, newTrie(m))
	for k := range m {
		r, _ := utf8.DecodeRuneInString(k)
		st.starts.add(r)
	}
}

// run converts a string by one step.
func (st convStep) run(s string) string {
	return runesString(st.convert(runesOf(s)))
}

// frune is a rune of folded text and the bytes [start, end) of the
// original it came from. The runes of a phrase that converts to one of
// another length all have the phrase's bytes.
type frune struct {
	r          rune
	start, end int32
}

// runesOf cuts s into runes, each from its own bytes.
func runesOf(s string) []frune {
	out := make([]frune, 0, len(s)/2)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		out = append(out, frune{r, int32(i), int32(i + n)})
		i += n
	}
	return out
}

func runesString(rs []frune) string {
	b := make([]byte, 0, len(rs)*3)
	for _, r := range rs {
		b = utf8.AppendRune(b, r.r)
	}
	return string(b)
}

// foldRunes folds s by a chain.
func foldRunes(s string, chain []convStep) []frune {
	out := runesOf(s)
	for i := range out {
		out[i].r = widthFold(out[i].r)
	}
	for _, st := range chain {
		out = st.convert(out)
	}
	for i := range out {
		if r := out[i].r; r >= 'A' && r <= 'Z' {
			out[i].r = r + 'a' - 'A'
		}
	}
	return out
}

// Fold returns s as a query is folded (see the steps above).
func Fold(s string) string {
	return runesString(foldRunes(s, theFolds().query))
}

func widthFold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

// convert runs one step over folded runes.
func (st convStep) convert(in []frune) []frune {
	at := -1
	for i, f := range in {
		if st.starts.has(f.r) {
			at = i
			break
		}
	}
	if at < 0 {
		return in // no key starts anywhere
	}
	out := make([]frune, at, len(in)+8)
	copy(out, in[:at])
	for i := at; i < len(in); {
		n, val := 0, ""
		if st.starts.has(in[i].r) {
			// OpenCC takes the first dictionary with any key starting
			// here, and its longest such key.
			for _, t := range st.tries {
				if n, val = t.longest(in[i:]); n > 0 {
					break
				}
			}
		}
		if n == 0 {
			out = append(out, in[i])
			i++
			continue
		}
		if utf8.RuneCountInString(val) == n {
			// Same length: each output rune keeps its input rune's bytes.
			k := i
			for _, r := range val {
				out = append(out, frune{r, in[k].start, in[k].end})
				k++
			}
		} else {
			for _, r := range val {
				out = append(out, frune{r, in[i].start, in[i+n-1].end})
			}
		}
		i += n
	}
	return out
}

// foldEntry is one dictionary entry as the client receives it.
type foldEntry struct{ Key, Value string }

// queryTables returns the dictionaries of each step of the query fold, in
// priority order, as sorted entry lists.
func queryTables() [][][]foldEntry {
	var out [][][]foldEntry
	for _, st := range theFolds().query {
		var ds [][]foldEntry
		for _, d := range st.dicts {
			es := make([]foldEntry, 0, len(d))
			for k, v := range d {
				es = append(es, foldEntry{k, v})
			}
			sort.Slice(es, func(i, j int) bool { return es[i].Key < es[j].Key })
			ds = append(ds, es)
		}
		out = append(out, ds)
	}
	return out
}
