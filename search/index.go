package search

import (
	"cmp"
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
	fieldURL     = "url"
	fieldTitle   = "title"
	facetPrefix  = "f_"
	lineSep      = "\n"
	bleveIDWidth = 6
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

// sortDocs puts docs in index order: by facets (year, province, level,
// layout), then region and address.
func sortDocs(docs []Doc) []Doc {
	out := slices.Clone(docs)
	level := func(l string) int {
		if i := slices.Index(report.Levels, l); i >= 0 {
			return i
		}
		return len(report.Levels)
	}
	slices.SortStableFunc(out, func(a, b Doc) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(province(&a), province(&b)),
			cmp.Compare(level(a.Level), level(b.Level)), cmp.Compare(a.Layout, b.Layout),
			slices.Compare(a.Region, b.Region), cmp.Compare(pathOf(a.URL), pathOf(b.URL)),
			cmp.Compare(a.Order, b.Order), cmp.Compare(a.URL, b.URL))
	})
	return out
}

func pathOf(url string) string {
	if i := strings.IndexByte(url, '#'); i >= 0 {
		return url[:i]
	}
	return url
}

// bleveID is the Bleve id of document n of total: n zero-padded, so that
// ids sort as the documents do.
func bleveID(n, total int) string {
	w := max(bleveIDWidth, len(strconv.Itoa(total-1)))
	s := strconv.Itoa(n)
	return strings.Repeat("0", w-len(s)) + s
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

// writeIndex writes the Bleve index of docs (already in index order) into
// path with Bleve's offline builder: it analyses builderBatch documents at
// a time into a segment on disk and merges them into one segment at the
// end, so the memory it needs does not grow with the corpus and the
// index's statistics do not depend on when segments were merged.
func writeIndex(ctx context.Context, docs []Doc, path string) error {
	if err := os.RemoveAll(path); err != nil {
		return err
	}
	if len(docs) == 0 {
		// Bleve's builder cannot close with no segment: an empty index.
		idx, err := bleve.New(path, indexMapping())
		if err != nil {
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
		if err := b.Index(bleveID(i, len(docs)), bleveDoc(&docs[i])); err != nil {
			return fmt.Errorf("index %s: %w", docs[i].URL, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
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
