package search

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// hashesKey is where an index keeps the hash of every document (Bleve's
// internal storage): hashSize bytes each, in key order.
const (
	hashesKey = "sitegen/doc-hashes"
	hashSize  = 8
)

// updateShare is the share of the documents past which Update builds
// the index anew: Bleve's builder is then the quicker.
const updateShare = 0.5

// Update brings the search directory dir up to date with docs, starting
// from the one a Build or Update wrote into prev (the published site's):
// the Bleve index is copied from prev and only the documents added,
// changed or removed since are indexed or deleted, then merged into one
// segment, so that its statistics are those a Build gives; the static
// files are exported from it. What Update writes equals what Build would,
// byte for byte, the index's own files aside. When prev holds no index
// Update can use, or most documents changed, it builds the index anew.
// dir may not be prev.
func Update(ctx context.Context, docs []Doc, prev, dir string) (*Stats, error) {
	return update(ctx, docs, prev, dir, defaultLayout)
}

func update(ctx context.Context, docs []Doc, prev, dir string, lay layout) (*Stats, error) {
	start := time.Now()
	docs, keys := sortDocs(docs)
	old, err := readDocHashes(prev)
	if err != nil {
		slog.Debug("search: building the index anew", "reason", err)
		return buildSorted(ctx, docs, keys, dir, lay, start)
	}
	hashes := hashDocs(docs, keys)
	var put []int
	var del []string
	for i, k := range keys {
		if h, ok := old[k]; !ok || h != [hashSize]byte(hashes[i*hashSize:]) {
			put = append(put, i)
		}
		delete(old, k)
	}
	for k := range old {
		del = append(del, k)
	}
	slices.Sort(del)
	if len(docs) == 0 || float64(len(put)+len(del)) > updateShare*float64(len(docs)) {
		return buildSorted(ctx, docs, keys, dir, lay, start)
	}
	st := &Stats{Docs: len(docs), Indexed: len(put), Deleted: len(del), Updated: true}
	if err := clearOutputs(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, IndexDir)
	if err := linkTree(filepath.Join(prev, IndexDir), path); err != nil {
		return nil, fmt.Errorf("copy the index: %w", err)
	}
	if len(put)+len(del) > 0 {
		if len(put) == 0 {
			// Deletions alone leave the one segment in place, terms of
			// the deleted documents in its dictionary (and Bleve's
			// statistics): a document indexed again makes a second
			// segment, and the merge writes a new one without them.
			put = []int{0}
		}
		if err := applyChanges(ctx, path, docs, keys, put, del, hashes); err != nil {
			return nil, err
		}
	}
	return export(ctx, docs, dir, lay, st, start)
}

// readDocHashes reads the documents of the index in dir and their hashes.
func readDocHashes(dir string) (map[string][hashSize]byte, error) {
	idx, err := openIndex(dir)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	blob, err := idx.GetInternal([]byte(hashesKey))
	if err != nil {
		return nil, err
	}
	keys, err := sortedKeys(idx)
	if err != nil {
		return nil, err
	}
	if len(blob) != hashSize*len(keys) {
		return nil, fmt.Errorf("the index holds %d documents and %d bytes of hashes", len(keys), len(blob))
	}
	out := make(map[string][hashSize]byte, len(keys))
	for i, k := range keys {
		out[k] = [hashSize]byte(blob[i*hashSize:])
	}
	return out, nil
}

// hashDocs hashes every document (in index order, with its key) as Bleve
// indexes it.
func hashDocs(docs []Doc, keys []string) []byte {
	out := make([]byte, 0, hashSize*len(docs))
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	str := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		io.WriteString(h, s)
	}
	for i := range docs {
		d := &docs[i]
		h.Reset()
		str(keys[i])
		for _, s := range []string{d.URL, d.Title, d.Agency, strings.Join(d.Region, lineSep), itoa(d.Year), d.Level, d.Layout, d.Section, itoa(d.Order), d.Text} {
			str(s)
		}
		for _, l := range d.Labels {
			str(l)
		}
		out = append(out, h.Sum(nil)[:hashSize]...)
	}
	return out
}

// updateConfig opens an index to change it. No older snapshot is kept:
// the index is read, never rolled back.
var updateConfig = map[string]interface{}{"numSnapshotsToKeep": 0}

// applyChanges indexes docs[put] and deletes del in the index at path,
// stores the new hashes, and merges the index into one segment, so that
// its statistics (Bleve's field cardinalities count each segment's
// terms) are those of an index built anew.
func applyChanges(ctx context.Context, path string, docs []Doc, keys []string, put []int, del []string, hashes []byte) error {
	cfg := updateConfig
	idx, err := bleve.OpenUsing(path, cfg)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	b := idx.NewBatch()
	for _, k := range del {
		b.Delete(k)
	}
	for _, i := range put {
		if err := b.Index(keys[i], bleveDoc(&docs[i])); err != nil {
			idx.Close()
			return fmt.Errorf("index %s: %w", docs[i].URL, err)
		}
	}
	b.SetInternal([]byte(hashesKey), hashes)
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return fmt.Errorf("update the index: %w", err)
	}
	ii, err := idx.Advanced()
	if err != nil {
		idx.Close()
		return err
	}
	s, ok := ii.(*scorch.Scorch)
	if !ok {
		idx.Close()
		return fmt.Errorf("index %T is not scorch", ii)
	}
	if err := s.ForceMerge(ctx, nil); err != nil {
		idx.Close()
		return fmt.Errorf("merge the index: %w", err)
	}
	if err := idx.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return settle(path, cfg)
}

// settle waits until the index at path is one segment file: Bleve
// removes the files a merge replaced in the background, on the next open
// when not before.
func settle(path string, cfg map[string]interface{}) error {
	store := filepath.Join(path, "store")
	segments := func() (int, error) {
		n := 0
		ents, err := os.ReadDir(store)
		for _, e := range ents {
			if filepath.Ext(e.Name()) == ".zap" {
				n++
			}
		}
		return n, err
	}
	if n, err := segments(); err != nil || n == 1 {
		return err
	}
	idx, err := bleve.OpenUsing(path, cfg)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer idx.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := segments()
		if err != nil || n == 1 {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the index is still %d segments after merging", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// linkTree copies the directory src to dst, linking the files that Bleve
// never changes once written (segments) and copying the others.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if filepath.Ext(p) == ".zap" {
			if err := os.Link(p, to); err == nil {
				return nil
			}
		}
		return copyFile(p, to)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}
