package search

import (
	"context"
	"math"
	"math/rand"
	"slices"
	"strconv"
	"testing"

	"github.com/longbridgeapp/opencc"

	"sitegen/search/searchtest"
)

const script = "../assets/js/search.js"

// fixedQueries are the queries whose ranking the client must repeat:
// common and rare terms, scripts and widths, substrings, single
// characters, words, several words, and terms that are nowhere.
var fixedQueries = []string{
	"政府信息公开", "规范性文件", "規範性檔案", "复议", "複議", "范性", "依申请公开", "行政诉讼", "公开", "的",
	"2020", "２０２０年", "年度报告", "申请人", "不予公开", "国家秘密", "人民政府办公室", "财政 预算", "政务公开 2021",
	"行政复议 行政诉讼 结果维持", "第3市", "江苏省", "信息化", "疫情防控", "PDF", "x", "魑魅魍魉", "。，",
}

// generatedQueries picks substrings of documents' text, some of them
// converted to traditional characters.
func generatedQueries(t testing.TB, docs []Doc, n int, seed int64) []string {
	t.Helper()
	s2tw, err := opencc.New("s2twp")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(seed))
	var out []string
	for len(out) < n {
		rs := []rune(docs[rng.Intn(len(docs))].Text)
		if len(rs) < 8 {
			continue
		}
		l := 1 + rng.Intn(6)
		at := rng.Intn(len(rs) - l)
		q := string(rs[at : at+l])
		if len(out)%3 == 2 {
			q, _ = s2tw.Convert(q)
		}
		out = append(out, q)
	}
	return out
}

// checkParity runs every query through Bleve and through the client and
// wants the same ten best documents in the same order, with the same
// scores to the bit.
func checkParity(t *testing.T, dir string, queries []string) (cold, warm []*searchtest.Result) {
	t.Helper()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	warmClient, err := searchtest.New(dir, script)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range queries {
		want, err := ix.Search(context.Background(), q, 10)
		if err != nil {
			t.Fatal(err)
		}
		got, err := warmClient.Search(q, 10)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Errorf("%q: client has %d hits, Bleve %d", q, len(got.Hits), len(want.Hits))
			continue
		}
		for i, h := range want.Hits {
			n := h.Doc
			if got.Hits[i].Doc != n || math.Float64bits(got.Hits[i].Score) != math.Float64bits(h.Score) {
				t.Errorf("%q: hit %d is document %d (score %v), Bleve's is %d (score %v)", q, i, got.Hits[i].Doc, got.Hits[i].Score, n, h.Score)
				break
			}
		}
		if got.Exact && uint64(got.Total) != want.Total {
			t.Errorf("%q: client counts %d exactly, Bleve %d", q, got.Total, want.Total)
		}
		warm = append(warm, got)
	}
	return nil, warm
}

func TestParityGenerated(t *testing.T) {
	t.Parallel()
	docs := synthDocs(t, 100, 1, 4)
	queries := append(append([]string(nil), fixedQueries...), generatedQueries(t, docs, 40, 2)...)
	dir := t.TempDir()
	if _, err := Build(context.Background(), docs, dir); err != nil {
		t.Fatal(err)
	}
	checkParity(t, dir, queries)
}

// TestParitySmallBlocks exports with tiny blocks and packs, so that most
// queries need the later blocks and their bounds.
func TestParitySmallBlocks(t *testing.T) {
	t.Parallel()
	docs := synthDocs(t, 40, 3, 3)
	queries := append(append([]string(nil), fixedQueries...), generatedQueries(t, docs, 30, 4)...)
	dir := t.TempDir()
	lay := defaultLayout
	lay.firstBlock, lay.maxBlock, lay.packBytes, lay.shardBytes = 2, 8, 256, 1024
	lay.longList = 40 // most terms are common: queries of one term
	st, err := build(context.Background(), docs, dir, lay)
	if err != nil {
		t.Fatal(err)
	}
	if st.Packs < 10 {
		t.Fatalf("only %d packs: the layout does not exercise later blocks", st.Packs)
	}
	_, res := checkParity(t, dir, queries)
	later := 0
	for _, r := range res {
		for _, f := range r.Fetched {
			if f[0] == 'p' {
				later++
			}
		}
	}
	if later == 0 {
		t.Error("no query fetched a later block")
	}
}

// TestFilters wants the client's best results among the documents of one
// year to be Bleve's ranking with the other years left out.
func TestFilters(t *testing.T) {
	t.Parallel()
	docs := synthDocs(t, 40, 7, 3)
	dir := t.TempDir()
	lay := defaultLayout
	lay.firstBlock, lay.longList = 4, 60
	if _, err := build(context.Background(), docs, dir, lay); err != nil {
		t.Fatal(err)
	}
	sorted, _ := sortDocs(docs)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	c, err := searchtest.New(dir, script)
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	readJSON(t, dir+"/manifest.json", &m)
	years := m.Facets[0]
	for _, q := range []string{"政府信息公开", "复议", "依申请公开", "国家秘密", "第3市", "公开"} {
		all, err := ix.Search(context.Background(), q, len(docs))
		if err != nil {
			t.Fatal(err)
		}
		for vi, year := range years.Values {
			var want []int
			for _, h := range all.Hits {
				n := h.Doc
				if strconv.Itoa(sorted[n].Year) == year && len(want) < 10 {
					want = append(want, n)
				}
			}
			got, err := c.SearchFacet(q, 10, 0, vi)
			if err != nil {
				t.Fatal(err)
			}
			var docsGot []int
			for _, h := range got.Hits {
				docsGot = append(docsGot, h.Doc)
			}
			if !slices.Equal(docsGot, want) {
				t.Errorf("%q in %s: client %v, Bleve %v", q, year, docsGot, want)
			}
		}
	}
}
