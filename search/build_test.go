package search

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// An empty site still gets an index (a search finds nothing), and a build
// cancelled before or while indexing returns the cancellation: Bleve's
// builder panics when closed with nothing written.
func TestBuildEmptyAndCancelled(t *testing.T) {
	dir := t.TempDir()
	st, err := Build(context.Background(), nil, dir)
	if err != nil {
		t.Fatalf("empty site: %v", err)
	}
	if st.Docs != 0 || st.IndexFiles == 0 {
		t.Errorf("empty site: %d docs, %d index files; want 0 and an index", st.Docs, st.IndexFiles)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), "公开", 10)
	ix.Close()
	if err != nil || res.Total != 0 {
		t.Errorf("search of an empty index: %+v, %v", res, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, docs := range [][]Doc{tinyDocs(), synthDocs(t, 60, 1, 0)} {
		_, err := Build(ctx, docs, filepath.Join(t.TempDir(), "search"))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled build of %d docs: %v, want context.Canceled", len(docs), err)
		}
	}
}
