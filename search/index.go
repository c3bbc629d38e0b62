package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"sitegen/internal/report"
)

// IndexDir is where the Bleve index sits in the search directory.
const IndexDir = "index.bleve"

// Stored-only fields, and the prefix of facet fields.
const (
	fieldURL    = "url"
	fieldTitle  = "title"
	facetPrefix = "f_"
	lineSep     = "\n"
)

// indexMapping is the Bleve mapping: the searchable fields analysed by
// AnalyzerName and stored (for snippets), facets as keywords with doc
// values, BM25 scoring.
func indexMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	m.DefaultAnalyzer = AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range Fields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = AnalyzerName
		fm.Store = true
		// No term vectors: snippets find the terms in the stored text
		// (snippet.go), and the index is a third of the size without.
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = false
		dm.AddFieldMappingsAt(f.Name, fm)
	}
	for _, f := range Facets {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Store = true
		fm.IncludeInAll = false
		fm.DocValues = true
		dm.AddFieldMappingsAt(facetPrefix+f.Name, fm)
	}
	for _, name := range []string{fieldURL, fieldTitle} {
		fm := bleve.NewTextFieldMapping()
		fm.Index = false
		fm.Store = true
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		dm.AddFieldMappingsAt(name, fm)
	}
	m.DefaultMapping = dm
	return m
}

// sortDocs puts docs in index order, the order of their keys (docKey),
// and returns the keys with them.
func sortDocs(docs []Doc) ([]Doc, []string) {
	type keyed struct {
		key string
		i   int
	}
	ks := make([]keyed, len(docs))
	for i := range docs {
		ks[i] = keyed{docKey(&docs[i]), i}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	out := make([]Doc, len(docs))
	keys := make([]string, len(docs))
	for i, k := range ks {
		out[i], keys[i] = docs[k.i], k.key
	}
	return out, keys
}

// docKey is a document's Bleve id: its facets (year, province, level,
// layout), then its region and address, written so that keys sort as
// those do, field by field. Documents are numbered in the order of their
// keys, and Bleve breaks ties in score by id, so both rank alike; a
// document keeps its key when others come and go, so that an Update
// touches only the documents that changed.
func docKey(d *Doc) string {
	level := slices.Index(report.Levels, d.Level)
	if level < 0 {
		level = len(report.Levels)
	}
	var b strings.Builder
	field := func(s string) {
		b.WriteString(keyText(s))
		b.WriteByte(keyEnd)
	}
	field(fmt.Sprintf("%04d", d.Year))
	field(province(d))
	field(fmt.Sprintf("%02d", level))
	field(d.Layout)
	for i, r := range d.Region {
		if i > 0 {
			b.WriteByte(keyNext)
		}
		b.WriteString(keyText(r))
	}
	b.WriteByte(keyEnd)
	field(pathOf(d.URL))
	field(fmt.Sprintf("%03d", d.Order))
	b.WriteString(keyText(d.URL))
	return b.String()
}

// A key's separators: keyEnd ends a field and keyNext parts a region's
// names. Both sort before every byte of a field (keyText), keyEnd before
// keyNext, so that a field sorts before its extensions and a region
// before the regions under it, as strings and slices compare.
const (
	keyEnd  = ' '
	keyNext = '!'
)

// keyText makes s safe between separators: bytes that sort at or before
// them (spaces, controls) are raised above them.
func keyText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r <= keyNext }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r <= keyNext {
			return keyNext + 1
		}
		return r
	}, s)
}

func pathOf(url string) string {
	if i := strings.IndexByte(url, '#'); i >= 0 {
		return url[:i]
	}
	return url
}

func bleveDoc(d *Doc) map[string]any {
	region := strings.Join(d.Region, " ")
	year := ""
	if d.Year != 0 {
		year = itoa(d.Year)
	}
	m := map[string]any{
		"agency": d.Agency, "region": region, "year": year, "section": d.Section,
		"text": d.Text, "labels": strings.Join(d.Labels, lineSep),
		fieldURL: d.URL, fieldTitle: d.Title,
	}
	for _, f := range Facets {
		m[facetPrefix+f.Name] = f.Value(d)
	}
	return m
}

// builderBatch is how many documents the index builder analyses into one
// segment before it writes it out: the memory a build holds for the
// index is about this many documents' terms, whatever the corpus size.
const builderBatch = 500

// writeIndex writes the Bleve index of docs (in index order, with their
// keys) into path with Bleve's offline builder: it analyses builderBatch
// documents at a time into a segment on disk and merges them into one
// segment at the end, so the memory it needs does not grow with the
// corpus and the index's statistics do not depend on when segments were
// merged. The index keeps the hash of every document (hashDocs) for
// Update.
func writeIndex(ctx context.Context, docs []Doc, keys []string, path string) error {
	if err := os.RemoveAll(path); err != nil {
		return err
	}
	hashes := hashDocs(docs, keys)
	if len(docs) == 0 {
		// Bleve's builder cannot close with no segment: an empty index.
		idx, err := bleve.New(path, indexMapping())
		if err != nil {
			return fmt.Errorf("create index: %w", err)
		}
		if err := idx.SetInternal([]byte(hashesKey), hashes); err != nil {
			idx.Close()
			return fmt.Errorf("create index: %w", err)
		}
		return idx.Close()
	}
	b, err := bleve.NewBuilder(path, indexMapping(), map[string]interface{}{
		"batchSize":       builderBatch,
		"buildPathPrefix": filepath.Dir(path),
	})
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	// On failure the builder is left unclosed: closing merges what it has
	// written (and panics when that is nothing), and what it wrote is in
	// the build's staging directory, which the caller discards.
	for i := range docs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := b.Index(keys[i], bleveDoc(&docs[i])); err != nil {
			return fmt.Errorf("index %s: %w", docs[i].URL, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	// The builder keeps no internal values of its own (Bleve's puts the
	// mapping there): the hashes go in afterwards.
	idx, err := bleve.OpenUsing(path, updateConfig)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if err := idx.SetInternal([]byte(hashesKey), hashes); err != nil {
		idx.Close()
		return fmt.Errorf("index: %w", err)
	}
	return idx.Close()
}

// openIndex opens the Bleve index under a search directory, read-only.
func openIndex(dir string) (bleve.Index, error) {
	path := filepath.Join(dir, IndexDir)
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return nil, fmt.Errorf("no search index in %s (run sitegen build first)", dir)
	}
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return idx, nil
}

// indexReader opens a reader of an index's current snapshot; the caller
// closes it.
func indexReader(idx bleve.Index) (index.IndexReader, error) {
	ii, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	return ii.Reader()
}

// LongList is the number of documents past which a term is common (the
// manifest says which number an index was built with): a query holds its
// terms held by at most that many documents, all required;
// when it has none, its one rarest term (the first of the rarest). Reading
// a short list whole costs a few kilobytes, however large the corpus, and
// the best documents of one long list are the first of its postings by
// impact; a conjunction of long lists would have to read them whole, and
// a common term cannot change which documents match much, nor, with its
// small idf, their ranking. Every document holding the whole query still
// matches.
const LongList = 512

// SelectTerms applies the rule of LongList to a query's terms, given the
// number of documents that hold each.
func SelectTerms(terms []string, docs []uint64, long int) []string {
	var short []string
	rarest := -1
	for i, t := range terms {
		if docs[i] <= uint64(long) {
			short = append(short, t)
		}
		if rarest < 0 || docs[i] < docs[rarest] {
			rarest = i
		}
	}
	if len(short) > 0 || rarest < 0 {
		return short
	}
	return []string{terms[rarest]}
}

// Query is the Bleve query for a list of terms (QueryTerms, SelectTerms):
// every term in any field, each field weighted by its boost. It is the query the client
// evaluates: a conjunction over the terms of disjunctions over the fields.
func Query(terms []string) query.Query {
	conj := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		ds := make([]query.Query, 0, len(Fields))
		for _, f := range Fields {
			tq := query.NewTermQuery(t)
			tq.SetField(f.Name)
			tq.SetBoost(f.Boost)
			ds = append(ds, tq)
		}
		conj = append(conj, query.NewDisjunctionQuery(ds))
	}
	return query.NewConjunctionQuery(conj)
}

func itoa(i int) string { return strconv.Itoa(i) }
