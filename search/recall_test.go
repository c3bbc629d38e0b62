package search

import (
	"context"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"
)

// TestRecall wants every document whose text holds a query, in either
// script, found by the query in either script: the generated corpus has
// one report in three converted to traditional (Taiwan) characters and
// phrases, and the queries are pieces of the simplified texts, from one
// character up, and their traditional forms.
func TestRecall(t *testing.T) {
	t.Parallel()
	docs, source := synthDocsSource(t, 40, 5, 3)
	dir := t.TempDir()
	if _, err := Build(context.Background(), docs, dir); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Documents are numbered in index order; map them back.
	byURL := map[string]int{}
	for i, d := range docs {
		byURL[d.URL] = i
	}
	s2t, _ := opencc.New("s2t")
	s2twp, _ := opencc.New("s2twp")
	queries := []string{"规范性文件", "复议", "范性", "程序", "信息", "文件", "档案"}
	rng := rand.New(rand.NewSource(6))
	for len(queries) < 60 {
		rs := []rune(source[rng.Intn(len(source))])
		if len(rs) < 10 {
			continue
		}
		l := 1 + rng.Intn(8)
		at := rng.Intn(len(rs) - l)
		q := string(rs[at : at+l])
		if len(QueryTerms(q)) > 0 {
			queries = append(queries, q)
		}
	}
	missed := 0
	for _, q := range queries {
		var want []int
		for i, s := range source {
			if strings.Contains(s, q) {
				want = append(want, i)
			}
		}
		tq, _ := s2t.Convert(q)
		twq, _ := s2twp.Convert(q)
		for _, form := range []string{q, tq, twq} {
			res, err := ix.Search(context.Background(), form, len(docs))
			if err != nil {
				t.Fatal(err)
			}
			found := map[int]bool{}
			for _, h := range res.Hits {
				found[byURL[h.URL]] = true
			}
			for _, i := range want {
				if !found[i] {
					missed++
					t.Errorf("%q (for %q) misses document %s: %.60q", form, q, strconv.Itoa(i), docs[i].Text)
					break
				}
			}
		}
	}
	if missed > 0 {
		t.Logf("%d of %d queries missed documents", missed, 3*len(queries))
	}
}
