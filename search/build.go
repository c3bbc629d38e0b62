package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Stats describes what Build wrote.
type Stats struct {
	Docs       int
	Terms      int
	Postings   int
	TermShards int
	Blocks     int // postings blocks in packs
	Packs      int
	Fragments  int
	TextPacks  int
	Files      int   // static files, the index not counted
	Bytes      int64 // their size
	IndexFiles int   // files of the Bleve index
	IndexBytes int64
	// Indexed and Deleted are the documents Bleve analysed and removed:
	// every document for Build, the changed ones for Update. Updated says
	// the index was updated rather than built.
	Indexed int
	Deleted int
	Updated bool
	Took    time.Duration
}

// outputs are the files and directories Build writes into its directory.
var outputs = []string{IndexDir, "manifest.json", "facets.json", "t", "p", "f", "x", "z"}

// Build indexes docs with Bleve into dir/index.bleve and exports the index
// to static files beside it (see the package documentation), replacing
// what an earlier Build wrote there.
func Build(ctx context.Context, docs []Doc, dir string) (*Stats, error) {
	return build(ctx, docs, dir, defaultLayout)
}

func build(ctx context.Context, docs []Doc, dir string, lay layout) (*Stats, error) {
	docs, keys := sortDocs(docs)
	return buildSorted(ctx, docs, keys, dir, lay, time.Now())
}

// buildSorted is build of docs already in index order, with their keys.
func buildSorted(ctx context.Context, docs []Doc, keys []string, dir string, lay layout, start time.Time) (*Stats, error) {
	st := &Stats{Docs: len(docs)}
	if err := clearOutputs(dir); err != nil {
		return nil, err
	}
	if err := writeIndex(ctx, docs, keys, filepath.Join(dir, IndexDir)); err != nil {
		return nil, err
	}
	st.Indexed = len(docs)
	return export(ctx, docs, dir, lay, st, start)
}

// clearOutputs removes what an earlier Build wrote into dir. Other files
// may share dir (the search page): only ours are removed.
func clearOutputs(dir string) error {
	for _, name := range outputs {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return os.MkdirAll(dir, 0o755)
}

// export writes the static files of the index at dir/index.bleve, made
// from docs (in index order).
func export(ctx context.Context, docs []Doc, dir string, lay layout, st *Stats, start time.Time) (*Stats, error) {
	idx, err := openIndex(dir)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	tx, err := writeTexts(docs, dir, lay, st)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	e, err := exportIndex(ctx, idx, dir, lay, tx, st)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	usual := usualHeadings(docs)
	if err := writeFragments(docs, tx, dir, lay, usual, st); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	facets, err := writeFacets(docs, dir, st)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := writeFoldShards(dir, lay, st); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := writeManifest(e, dir, lay, facets, usual, tx.max, st); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	// Bleve writes its files readable by their owner only; the site is
	// for everyone to read.
	err = filepath.WalkDir(filepath.Join(dir, IndexDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, 0o755)
		}
		if err := os.Chmod(p, 0o644); err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st.IndexFiles++
		st.IndexBytes += info.Size()
		return nil
	})
	if err != nil {
		return nil, err
	}
	st.Took = time.Since(start)
	return st, nil
}

// Manifest is manifest.json: what the client reads first.
type Manifest struct {
	Version int          `json:"version"`
	Build   string       `json:"build"` // changes with every file; the client asks for files with ?v=build
	Docs    uint64       `json:"docs"`
	Fields  []fieldStats `json:"fields"`
	K1      float64      `json:"k1"`
	B       float64      `json:"b"`
	// Terms: term shards (t/N.bin) and the most terms a query looks for.
	TermShards int `json:"termShards"`
	MaxTerms   int `json:"maxTerms"`
	LongList   int `json:"longList"` // see LongList
	// Fragments: documents per fragment file (f/N.json), and the usual
	// heading of each place in a report (Doc.Order), which fragments omit.
	FragDocs int      `json:"fragDocs"`
	Headings []string `json:"headings"`
	// Text packs: documents per pack (x/N.bin), and the longest passage
	// in bytes.
	TextDocs int `json:"textDocs"`
	TextMax  int `json:"textMax"`
	// FoldShards: files of the query fold (z/N.json), by first character.
	FoldShards int `json:"foldShards"`
	// Facets: the values of each facet and how many documents hold each;
	// facets.json maps documents to values.
	Facets []facetValues `json:"facets"`
}

type facetValues struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
	Counts []int    `json:"counts"`
}

func writeManifest(e *exporter, dir string, lay layout, facets []facetValues, usual []string, textMax int, st *Stats) error {
	m := Manifest{Version: 2, Docs: e.n, Fields: e.fields, K1: bm25k1, B: bm25b,
		TermShards: len(e.shards), MaxTerms: MaxQueryTerms, LongList: lay.longList, FragDocs: lay.fragDocs,
		TextDocs: lay.textDocs, TextMax: textMax,
		FoldShards: lay.foldShards, Facets: facets, Headings: usual}
	// The build id hashes every static file written.
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == IndexDir {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(p) == ".html" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return err
	}
	m.Build = hex.EncodeToString(h.Sum(nil)[:6])
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return writeFile(dir, "manifest.json", append(data, '\n'), st)
}

// writeFacets writes facets.json: the documents as runs of equal facet
// values, [first document, value of each facet…] per run (documents are
// numbered in facet order, so the runs are few), and returns the values.
func writeFacets(docs []Doc, dir string, st *Stats) ([]facetValues, error) {
	out := make([]facetValues, len(Facets))
	ids := make([]map[string]int, len(Facets))
	for i, f := range Facets {
		out[i].Name = f.Name
		counts := map[string]int{}
		for j := range docs {
			counts[f.Value(&docs[j])]++
		}
		for v := range counts {
			out[i].Values = append(out[i].Values, v)
		}
		sort.Strings(out[i].Values)
		if f.Name == "year" {
			sort.Sort(sort.Reverse(sort.StringSlice(out[i].Values)))
		}
		ids[i] = map[string]int{}
		for k, v := range out[i].Values {
			ids[i][v] = k
			out[i].Counts = append(out[i].Counts, counts[v])
		}
	}
	var runs []int
	var last []int
	for j := range docs {
		cur := make([]int, len(Facets))
		for i, f := range Facets {
			cur[i] = ids[i][f.Value(&docs[j])]
		}
		if last == nil || !equalInts(cur, last) {
			runs = append(runs, j)
			runs = append(runs, cur...)
			last = cur
		}
	}
	data, err := json.Marshal(map[string]any{"runs": runs})
	if err != nil {
		return nil, err
	}
	return out, writeFile(dir, "facets.json", append(data, '\n'), st)
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
