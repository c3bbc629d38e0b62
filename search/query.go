package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// Index is an opened search index.
type Index struct {
	idx  bleve.Index
	long int // the manifest's longList
	// numbers are the document numbers by Bleve id, read when first
	// needed.
	mu      sync.Mutex
	numbers map[string]int
}

// Open opens the search index that Build wrote into dir (public/search).
func Open(dir string) (*Index, error) {
	idx, err := openIndex(dir)
	if err != nil {
		return nil, err
	}
	ix := &Index{idx: idx, long: LongList}
	if data, err := os.ReadFile(filepath.Join(dir, "manifest.json")); err == nil {
		var m Manifest
		if json.Unmarshal(data, &m) == nil && m.LongList > 0 {
			ix.long = m.LongList
		}
	}
	return ix, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.idx.Close() }

// Results are the answer to a query.
type Results struct {
	Query string `json:"query"`
	// Analysed are the terms of the query; Terms those looked for (see
	// LongList).
	Analysed []string                `json:"analysed"`
	Terms    []string                `json:"terms"`
	Total    uint64                  `json:"total"`
	Hits     []Hit                   `json:"hits"`
	Facets   map[string][]FacetCount `json:"facets,omitempty"`
}

// Hit is one result.
type Hit struct {
	ID       string   `json:"id"`  // the Bleve id (docKey)
	Doc      int      `json:"doc"` // the document number the static files use
	URL      string   `json:"url"`
	Title    string   `json:"title"`
	Section  string   `json:"section"`
	Score    float64  `json:"score"`
	Snippets []string `json:"snippets,omitempty"` // passages with MarkStart … MarkEnd
}

// FacetCount is how many results have one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Search runs a query and returns its best n results, with snippets and
// facet counts. The ranking is the client's: BM25, ties by document order.
func (ix *Index) Search(ctx context.Context, q string, n int) (*Results, error) {
	all := QueryTerms(q)
	res := &Results{Query: q, Analysed: all, Hits: []Hit{}}
	if len(all) == 0 {
		return res, nil
	}
	counts := make([]uint64, len(all))
	for i, t := range all {
		c, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(Query([]string{t}), 0, 0, false))
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		counts[i] = c.Total
	}
	terms := SelectTerms(all, counts, ix.long)
	res.Terms = terms
	req := bleve.NewSearchRequestOptions(Query(terms), n, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	snipFields := []string{"text", "labels", "agency", "section"}
	req.Fields = append([]string{fieldURL, fieldTitle}, snipFields...)
	for _, f := range Facets {
		req.AddFacet(f.Name, bleve.NewFacetRequest(facetPrefix+f.Name, 50))
	}
	sr, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	res.Total = sr.Total
	numbers, err := ix.docNumbers(len(sr.Hits) > 0)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	for _, h := range sr.Hits {
		hit := Hit{ID: h.ID, Doc: numbers[h.ID], Score: h.Score}
		hit.URL, _ = h.Fields[fieldURL].(string)
		hit.Title, _ = h.Fields[fieldTitle].(string)
		hit.Section, _ = h.Fields["section"].(string)
		for _, f := range snipFields {
			text, _ := h.Fields[f].(string)
			if s := snippet(text, terms); s != "" {
				hit.Snippets = append(hit.Snippets, strings.ReplaceAll(s, lineSep, " "))
			}
		}
		res.Hits = append(res.Hits, hit)
	}
	if len(sr.Facets) > 0 {
		res.Facets = map[string][]FacetCount{}
		for _, f := range Facets {
			fr := sr.Facets[f.Name]
			if fr == nil || fr.Terms == nil {
				continue
			}
			var fc []FacetCount
			for _, t := range fr.Terms.Terms() {
				fc = append(fc, FacetCount{Value: t.Term, Count: t.Count})
			}
			slices.SortFunc(fc, func(a, b FacetCount) int {
				if a.Count != b.Count {
					return b.Count - a.Count
				}
				return strings.Compare(a.Value, b.Value)
			})
			res.Facets[f.Name] = fc
		}
	}
	return res, nil
}

func (ix *Index) docNumbers(need bool) (map[string]int, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if need && ix.numbers == nil {
		var err error
		ix.numbers, err = docNumbers(ix.idx)
		return ix.numbers, err
	}
	return ix.numbers, nil
}

// docNumbers numbers the documents of an index as the export does: in
// the order of their ids.
func docNumbers(idx bleve.Index) (map[string]int, error) {
	keys, err := sortedKeys(idx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(keys))
	for i, k := range keys {
		out[k] = i
	}
	return out, nil
}

// sortedKeys returns the ids of every document of an index, sorted.
func sortedKeys(idx bleve.Index) ([]string, error) {
	r, err := indexReader(idx)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	docs, err := docsByKey(r)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(docs))
	for i, d := range docs {
		keys[i] = d.key
	}
	return keys, nil
}

// keyedDoc is a document's Bleve id (its key) and its internal id.
type keyedDoc struct{ key, internal string }

// docsByKey lists every document of an index in the order of its key:
// the order of document numbers.
func docsByKey(r index.IndexReader) ([]keyedDoc, error) {
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer ids.Close()
	var out []keyedDoc
	for {
		id, err := ids.Next()
		if err != nil {
			return nil, err
		}
		if id == nil {
			break
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			return nil, err
		}
		out = append(out, keyedDoc{ext, string(id)})
	}
	slices.SortFunc(out, func(a, b keyedDoc) int { return strings.Compare(a.key, b.key) })
	return out, nil
}
