package search

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// The static export reads the Bleve index back, term by term, and writes
// what the client needs to repeat Bleve's search of any query:
//
// A term's postings (every document holding it in any field, with the
// frequency and field length of each field that holds it) are sorted by
// impact: the term's score in the document without the query norm, highest
// first; equal impacts by their statistics, then by document. They are cut
// into blocks: the first (layout.firstBlock postings) sits in the term's
// shard, the later ones, each twice as long as the one before, in packs.
// Every block but the last ends with the bound of the postings after it,
// from which the client knows when it has seen enough.
//
// Term shard (t/N.bin, N = fnv1a32(term) mod shards), all integers uvarint:
//
//	count, then count entries sorted by term bytes:
//	  len, term (UTF-8, folded)
//	  byte fields: bit i set when Fields[i] holds the term
//	  df of each field set, in field order
//	  n: documents holding the term; blocks: how many blocks
//	  the first block
//	  for every later block: pack, offset, length (bytes)
//
// Block (in a term shard or in a pack p/N.bin, where blocks lie end to end):
//
//	count, then count postings by document number:
//	  document − the previous posting's (the first: the document)
//	  byte fields: which fields (only when the term is in more than one)
//	  per field: frequency, field length
//	  when the text field holds the term: the offset of the passage where
//	  it first occurs, from the document's first passage, and its length
//	  in words of 4 bytes (texts.go)
//	then, unless it is the term's last block, the bound of the later ones:
//	  the first later posting: document, [byte fields], frequency and
//	  length per field
//	  float64 (little-endian): the impact of the first later posting whose
//	  statistics differ from it, 0 if none
//
// Every later posting either has the first later posting's statistics and
// a document number at least its own, or an impact at most that float.
type layout struct {
	firstBlock int // postings in a term's first block
	maxBlock   int // postings in the longest later block
	shardBytes int // aimed size of a term shard
	packBytes  int // aimed size of a pack of a term's first later blocks
	farBytes   int // aimed size of a pack of the blocks after them
	fragDocs   int // documents per fragment file
	textDocs   int // documents per text pack
	passage    int // runes of a passage, at most
	foldShards int // files of the query fold's dictionaries
	longList   int // see LongList
}

var defaultLayout = layout{
	firstBlock: 32,
	maxBlock:   1024,
	shardBytes: 1536,
	packBytes:  4096,
	farBytes:   65536,
	fragDocs:   8,
	textDocs:   64,
	passage:    64,
	foldShards: 128,
	longList:   LongList,
}

// nearBlocks is how many later blocks of a term go to near packs (small,
// read whole for a short list or for the first results of a long one);
// the rest go to far packs, read only when a filter or a tie runs deep.
const nearBlocks = 2

// fieldStats are the statistics of one field that BM25 needs.
type fieldStats struct {
	Name  string  `json:"name"`
	Boost float64 `json:"boost"`
	Avg   float64 `json:"avg"`
}

// posting is one document of a term's postings.
type posting struct {
	doc    int32
	mask   uint8
	tf     [6]uint32
	length [6]uint32
	at     uint32 // the passage where the term first occurs in the text field (texts)
	atLen  uint32 // and its length in words of 4 bytes
	impact float64
}

type sortKey struct {
	impact float64
	stats  uint64 // a term in one field: its frequency and length, packed
	doc    int32
	i      int32
}

// compareStats orders postings by their statistics: the fields that hold
// the term, then frequency and length field by field (equal impacts are
// grouped by it).
func compareStats(a, b *posting) int {
	if c := cmp.Compare(a.mask, b.mask); c != 0 {
		return c
	}
	for fi := range Fields {
		if a.mask&(1<<fi) != 0 {
			if c := cmp.Or(cmp.Compare(a.tf[fi], b.tf[fi]), cmp.Compare(a.length[fi], b.length[fi])); c != 0 {
				return c
			}
		}
	}
	return 0
}

// exporter writes the static files from an opened index.
type exporter struct {
	ctx    context.Context
	dir    string
	lay    layout
	r      index.IndexReader
	n      uint64
	fields []fieldStats
	// docAt is a document's number by the number its internal id
	// encodes, -1 for none: a slice index, not a map lookup, for each of
	// millions of postings.
	docAt  []int32
	shards [][]byte // term shards, filled in memory
	counts []int    // entries per shard
	near   pack     // packs being filled
	far    pack
	packs  int // pack numbers given
	files  int
	bytes  int64
	stats  *Stats
	texts  *texts
}

// exportIndex writes term shards and packs of the index at dir.
func exportIndex(ctx context.Context, idx bleve.Index, dir string, lay layout, tx *texts, st *Stats) (*exporter, error) {
	r, err := indexReader(idx)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	e := &exporter{ctx: ctx, dir: dir, lay: lay, r: r, stats: st, texts: tx}
	if err := e.load(); err != nil {
		return nil, err
	}
	if err := e.terms(); err != nil {
		return nil, err
	}
	return e, nil
}

// load reads the document numbers and the field statistics.
func (e *exporter) load() error {
	n, err := e.r.DocCount()
	if err != nil {
		return err
	}
	e.n = n
	br, ok := e.r.(index.BM25Reader)
	if !ok {
		return fmt.Errorf("index reader %T has no field cardinality", e.r)
	}
	for _, f := range Fields {
		card, err := br.FieldCardinality(f.Name)
		if err != nil {
			return err
		}
		e.fields = append(e.fields, fieldStats{Name: f.Name, Boost: f.Boost, Avg: avgLength(n, card)})
	}
	// Documents are numbered in the order of their keys (docKey).
	all, err := docsByKey(e.r)
	if err != nil {
		return err
	}
	if uint64(len(all)) != n {
		return fmt.Errorf("%d document ids for %d documents", len(all), n)
	}
	// Scorch's internal ids are 8-byte big-endian numbers, below the
	// count of the documents its segments hold.
	top := uint64(0)
	for _, d := range all {
		if len(d.internal) != 8 {
			return fmt.Errorf("internal id %x is not a number", d.internal)
		}
		top = max(top, binary.BigEndian.Uint64([]byte(d.internal)))
	}
	e.docAt = make([]int32, top+1)
	for i := range e.docAt {
		e.docAt[i] = -1
	}
	for i, d := range all {
		e.docAt[binary.BigEndian.Uint64([]byte(d.internal))] = int32(i)
	}
	return nil
}

// doc returns the document number of an internal id.
func (e *exporter) doc(id index.IndexInternalID) (int32, bool) {
	if len(id) != 8 {
		return 0, false
	}
	if k := binary.BigEndian.Uint64(id); k < uint64(len(e.docAt)) && e.docAt[k] >= 0 {
		return e.docAt[k], true
	}
	return 0, false
}

// terms walks every term of every field and writes its entry.
func (e *exporter) terms() error {
	dfs := map[string]*[6]uint64{}
	for fi, f := range Fields {
		fd, err := e.r.FieldDict(f.Name)
		if err != nil {
			return err
		}
		for {
			de, err := fd.Next()
			if err != nil {
				fd.Close()
				return err
			}
			if de == nil {
				break
			}
			d := dfs[de.Term]
			if d == nil {
				d = new([6]uint64)
				dfs[de.Term] = d
			}
			// The dictionary says which fields hold the term; how many
			// documents do is read from the postings (a dictionary's
			// counts can be short after Bleve's builder merges segments).
			d[fi] = max(de.Count, 1)
		}
		fd.Close()
	}
	terms := make([]string, 0, len(dfs))
	for t := range dfs {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	e.stats.Terms = len(terms)

	// Postings are read, sorted and cut into blocks in parallel, a chunk
	// of terms at a time; entries are then written in term order, since
	// packs fill in that order.
	workers := runtime.GOMAXPROCS(0)
	scratch := make([][]int32, workers)
	const chunk = 2048
	res := make([]termBlocks, chunk)
	var entries bytes.Buffer // every term's entry, in term order
	ends := make([]int, 0, len(terms))
	est := 0
	for at := 0; at < len(terms); at += chunk {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		part := terms[at:min(len(terms), at+chunk)]
		var next atomic.Int64
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if scratch[w] == nil {
					scratch[w] = make([]int32, e.n)
					for i := range scratch[w] {
						scratch[w][i] = -1
					}
				}
				for {
					i := int(next.Add(1) - 1)
					if i >= len(part) || errs[w] != nil {
						return
					}
					ps, df, err := e.postings(part[i], dfs[part[i]], scratch[w])
					if err != nil {
						errs[w] = fmt.Errorf("term %q: %w", part[i], err)
						return
					}
					res[i] = e.blocks(ps, df)
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
		for i, t := range part {
			// A term left with no posting (its documents deleted and
			// not merged away) has no entry.
			if res[i].n == 0 {
				ends = append(ends, entries.Len())
				continue
			}
			if err := e.entry(&entries, t, &res[i]); err != nil {
				return err
			}
			ends = append(ends, entries.Len())
			var sum uint64
			for _, c := range res[i].df {
				sum += c
			}
			est += len(t) + 12 + 5*int(min(sum, uint64(e.lay.firstBlock)))
			res[i] = termBlocks{}
		}
	}
	// Entries go to shards by hash, as many shards as make them about
	// shardBytes each.
	ns := max(1, (est+e.lay.shardBytes-1)/e.lay.shardBytes)
	e.shards = make([][]byte, ns)
	e.counts = make([]int, ns)
	e.stats.TermShards = ns
	for i, t := range terms {
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		if ends[i] == start {
			continue
		}
		s := fnv1a(t) % uint32(ns)
		e.shards[s] = append(e.shards[s], entries.Bytes()[start:ends[i]]...)
		e.counts[s]++
	}
	if err := e.flush(&e.near); err != nil {
		return err
	}
	if err := e.flush(&e.far); err != nil {
		return err
	}
	for s, data := range e.shards {
		out := binary.AppendUvarint(nil, uint64(e.counts[s]))
		if err := e.write(filepath.Join("t", strconv.Itoa(s)+".bin"), append(out, data...)); err != nil {
			return err
		}
	}
	return nil
}

// postings reads a term's postings in every field and sorts them by
// impact. slot is scratch space, one entry per document, all -1, and left
// so.
func (e *exporter) postings(term string, dfs *[6]uint64, slot []int32) ([]posting, [6]uint64, error) {
	var df [6]uint64
	var out []posting
	defer func() {
		for i := range out {
			slot[out[i].doc] = -1
		}
	}()
	var tfd index.TermFieldDoc
	for fi, f := range Fields {
		if dfs[fi] == 0 {
			continue
		}
		tfr, err := e.r.TermFieldReader(e.ctx, []byte(term), f.Name, true, true, false)
		if err != nil {
			return nil, df, err
		}
		df[fi] = tfr.Count()
		if out == nil {
			out = make([]posting, 0, df[fi])
		}
		for {
			p, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return nil, df, err
			}
			if p == nil {
				break
			}
			doc, ok := e.doc(p.ID)
			if !ok {
				tfr.Close()
				return nil, df, fmt.Errorf("posting of an unknown document")
			}
			length, err := lengthOf(p.Norm)
			if err != nil {
				tfr.Close()
				return nil, df, err
			}
			k := slot[doc]
			if k < 0 {
				k = int32(len(out))
				slot[doc] = k
				out = append(out, posting{doc: doc})
			}
			ps := &out[k]
			ps.mask |= 1 << fi
			ps.tf[fi] = uint32(p.Freq)
			ps.length[fi] = uint32(length)
			if fi == textField {
				ps.at, ps.atLen = e.texts.firstAt(doc, term)
			}
		}
		tfr.Close()
	}
	// The fields in the order Bleve's disjunction sums them.
	order := e.disjunctionOrder(df)
	var idf [6]float64
	for fi := range Fields {
		idf[fi] = bleveIDF(e.fields[fi].Avg, e.n, df[fi])
	}
	for i := range out {
		p := &out[i]
		var sum float64
		matched := 0
		for _, fi := range order {
			if p.mask&(1<<fi) == 0 {
				continue
			}
			w := Fields[fi].Boost * idf[fi]
			sum += docScore(idf[fi], e.fields[fi].Avg, uint64(p.tf[fi]), int(p.length[fi])) * w
			matched++
		}
		p.impact = sum * (float64(matched) / float64(len(Fields)))
	}
	// Sort small keys, then place the postings by them.
	// A term in one field (most terms) compares its statistics as one
	// number, frequency then length, without reaching into the postings.
	single := -1
	for fi := range Fields {
		if df[fi] > 0 {
			if single != -1 {
				single = -2
				break
			}
			single = fi
		}
	}
	keys := make([]sortKey, len(out))
	for i := range out {
		k := sortKey{impact: out[i].impact, doc: out[i].doc, i: int32(i)}
		if single >= 0 {
			k.stats = uint64(out[i].tf[single])<<32 | uint64(out[i].length[single])
		}
		keys[i] = k
	}
	if single >= 0 {
		slices.SortFunc(keys, func(a, b sortKey) int {
			return cmp.Or(cmp.Compare(b.impact, a.impact), cmp.Compare(a.stats, b.stats), cmp.Compare(a.doc, b.doc))
		})
	} else {
		slices.SortFunc(keys, func(a, b sortKey) int {
			return cmp.Or(cmp.Compare(b.impact, a.impact), compareStats(&out[a.i], &out[b.i]), cmp.Compare(a.doc, b.doc))
		})
	}
	sorted := make([]posting, len(out))
	for i, k := range keys {
		sorted[i] = out[k.i]
	}
	for i := range out {
		slot[out[i].doc] = -1
	}
	out = nil
	return sorted, df, nil
}

// disjunctionOrder is the order of the fields in Bleve's disjunction for a
// term: by document frequency, ascending, ties in field order.
func (e *exporter) disjunctionOrder(df [6]uint64) []int {
	order := []int{0, 1, 2, 3, 4, 5}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(df[a], df[b]) })
	return order
}

// lengthOf recovers a field length from the norm Bleve stores for it.
func lengthOf(norm float64) (int, error) {
	if norm <= 0 || math.IsNaN(norm) {
		return 0, fmt.Errorf("norm %v", norm)
	}
	n := int(math.Round(1 / (norm * norm)))
	for _, c := range []int{n, n - 1, n + 1} {
		if c > 0 && fieldNorm(c) == norm {
			return c, nil
		}
	}
	return 0, fmt.Errorf("norm %v is no field length", norm)
}

// termBlocks is a term's postings encoded in blocks (see the layout).
type termBlocks struct {
	df    [6]uint64
	n     int // postings
	multi bool
	blks  [][]byte
}

// blocks cuts a term's sorted postings into blocks and encodes them.
func (e *exporter) blocks(ps []posting, df [6]uint64) termBlocks {
	tb := termBlocks{df: df, n: len(ps)}
	fields := 0
	for fi := range Fields {
		if df[fi] > 0 {
			fields++
		}
	}
	tb.multi = fields > 1
	// Block bounds: the first block, then doubling up to maxBlock.
	size := e.lay.firstBlock
	for at := 0; at < len(ps); {
		end := min(len(ps), at+size)
		tb.blks = append(tb.blks, encodeBlock(ps, at, end, tb.multi))
		at = end
		size = min(size*2, e.lay.maxBlock)
	}
	return tb
}

// entry encodes a term's shard entry, writing its later blocks to packs.
func (e *exporter) entry(w *bytes.Buffer, term string, tb *termBlocks) error {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(term)))
	b = append(b, term...)
	var fm uint8
	for fi := range Fields {
		if tb.df[fi] > 0 {
			fm |= 1 << fi
		}
	}
	b = append(b, fm)
	for fi := range Fields {
		if tb.df[fi] > 0 {
			b = binary.AppendUvarint(b, tb.df[fi])
		}
	}
	b = binary.AppendUvarint(b, uint64(tb.n))
	b = binary.AppendUvarint(b, uint64(len(tb.blks)))
	var refs []byte
	blks := tb.blks
	// A short list's later blocks, and a long list's first later blocks,
	// stay in one near pack when they fit in one.
	near := len(blks)
	if uint64(tb.n) > uint64(e.lay.longList) {
		near = min(near, 1+nearBlocks)
	}
	tail := 0
	for _, blk := range blks[1:near] {
		tail += len(blk)
	}
	if tail > 0 && tail <= e.lay.packBytes && e.near.buf.Len()+tail > e.lay.packBytes {
		if err := e.flush(&e.near); err != nil {
			return err
		}
	}
	for i, blk := range blks {
		if i == 0 {
			b = append(b, blk...)
			continue
		}
		pk, limit := &e.near, e.lay.packBytes
		if i >= near {
			pk, limit = &e.far, e.lay.farBytes
		}
		if pk.buf.Len() > 0 && pk.buf.Len()+len(blk) > limit {
			if err := e.flush(pk); err != nil {
				return err
			}
		}
		if pk.buf.Len() == 0 {
			pk.id = e.packs
			e.packs++
		}
		refs = binary.AppendUvarint(refs, uint64(pk.id))
		refs = binary.AppendUvarint(refs, uint64(pk.buf.Len()))
		refs = binary.AppendUvarint(refs, uint64(len(blk)))
		pk.buf.Write(blk)
		e.stats.Blocks++
	}
	b = append(b, refs...)
	w.Write(b)
	e.stats.Postings += tb.n
	return nil
}

// encodeBlock encodes ps[start:end] and the bound of ps[end:].
func encodeBlock(ps []posting, start, end int, multi bool) []byte {
	blk := slices.Clone(ps[start:end])
	slices.SortFunc(blk, func(a, b posting) int { return cmp.Compare(a.doc, b.doc) })
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(blk)))
	prev := int32(0)
	for i := range blk {
		b = binary.AppendUvarint(b, uint64(blk[i].doc-prev))
		prev = blk[i].doc
		b = appendStats(b, &blk[i], multi)
		if blk[i].mask&(1<<textField) != 0 {
			b = binary.AppendUvarint(b, uint64(blk[i].at))
			b = binary.AppendUvarint(b, uint64(blk[i].atLen))
		}
	}
	if end < len(ps) {
		next := &ps[end]
		b = binary.AppendUvarint(b, uint64(next.doc))
		b = appendStats(b, next, multi)
		v2 := 0.0
		for j := end + 1; j < len(ps); j++ {
			if compareStats(&ps[j], next) != 0 {
				v2 = ps[j].impact
				break
			}
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v2))
	}
	return b
}

func appendStats(b []byte, p *posting, multi bool) []byte {
	if multi {
		b = append(b, p.mask)
	}
	for fi := range Fields {
		if p.mask&(1<<fi) != 0 {
			b = binary.AppendUvarint(b, uint64(p.tf[fi]))
			b = binary.AppendUvarint(b, uint64(p.length[fi]))
		}
	}
	return b
}

// pack is a pack being filled, and the number it will be written under.
type pack struct {
	buf bytes.Buffer
	id  int
}

func (e *exporter) flush(p *pack) error {
	if p.buf.Len() == 0 {
		return nil
	}
	err := e.write(filepath.Join("p", strconv.Itoa(p.id)+".bin"), p.buf.Bytes())
	p.buf.Reset()
	e.stats.Packs++
	return err
}

// write writes one file under the search directory.
func (e *exporter) write(name string, data []byte) error {
	return writeFile(e.dir, name, data, e.stats)
}

func writeFile(dir, name string, data []byte, st *Stats) error {
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	st.Files++
	st.Bytes += int64(len(data))
	return nil
}

// fnv1a is the hash that places a term in its shard (32-bit FNV-1a over
// its UTF-8 bytes).
func fnv1a[T string | []byte](s T) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
