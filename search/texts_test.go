package search

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"sitegen/search/searchtest"
)

func TestPassageSpans(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"short sentences are joined", "一二。三四。五六。", 6, []string{"一二。三四。", "五六。"}},
		{"a sentence that does not fit starts a passage", "一二三。四五六七。", 6, []string{"一二三。", "四五六七。"}},
		{"a long sentence is cut after a comma past half the limit", "一二三四，五六七八九十", 6, []string{"一二三四，", "五六七八九十"}},
		{"a comma too early is not used", "一，二三四五六七八", 6, []string{"一，二三四五", "六七八"}},
		{"line breaks end sentences", "一二\n三四", 8, []string{"一二\n三四"}},
		{"white space alone joins the passage before", "一二。\n\n  ", 3, []string{"一二。\n\n  "}},
		{"empty", "", 6, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range passageSpans(tt.in, tt.limit) {
				got = append(got, tt.in[sp[0]:sp[1]])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("passageSpans(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

// TestPassagesCoverText cuts every bundled section and wants passages that
// cover its text end to end, none longer than the limit.
func TestPassagesCoverText(t *testing.T) {
	for _, d := range bundledDocs(t) {
		spans := passageSpans(d.Text, defaultLayout.passage)
		at := 0
		for _, sp := range spans {
			if sp[0] != at {
				t.Fatalf("%s: a passage starts at %d, the one before ended at %d", d.URL, sp[0], at)
			}
			if n := utf8.RuneCountInString(strings.TrimSpace(d.Text[sp[0]:sp[1]])); n > defaultLayout.passage {
				t.Errorf("%s: a passage of %d runes: %q", d.URL, n, d.Text[sp[0]:sp[1]])
			}
			at = sp[1]
		}
		if at != len(d.Text) {
			t.Errorf("%s: passages end at %d of %d bytes", d.URL, at, len(d.Text))
		}
	}
}

// TestQuotedPassage searches substrings of the documents' text, a third of
// them in traditional characters, and wants every result whose text holds
// a term of the query to quote a passage where the query is marked; and
// the passage to come alone, at most textMax bytes.
func TestQuotedPassage(t *testing.T) {
	t.Parallel()
	docs := synthDocs(t, 60, 3, 3)
	dir := t.TempDir()
	if _, err := Build(context.Background(), docs, dir); err != nil {
		t.Fatal(err)
	}
	var m Manifest
	readJSON(t, dir+"/manifest.json", &m)
	sorted, _ := sortDocs(docs)
	c, err := searchtest.New(dir, script)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, q := range generatedQueries(t, docs, 60, 5) {
		res, err := c.Search(q, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Fetched {
			if strings.HasPrefix(f, "x/") {
				var from, to int
				path, rng, _ := strings.Cut(f, "#")
				// A passage and its newline, and at most 3 bytes more.
				data := mustRead(t, filepath.Join(dir, path))
				if _, err := fmt.Sscanf(rng, "%d-%d", &from, &to); err != nil || to-from > m.TextMax+4 {
					t.Errorf("%q: fetched %s, not a passage of at most %d bytes", q, f, m.TextMax)
				} else if nl := bytes.IndexByte(data[from:to], '\n'); from > 0 && data[from-1] != '\n' || nl < 0 && to < len(data) || nl >= 0 && to-from-nl-1 > 3 {
					t.Errorf("%q: fetched %s, not one whole passage", q, f)
				}
			}
		}
		for _, h := range res.Hits {
			folded := Fold(sorted[h.Doc].Text)
			holds := false
			for _, term := range res.Terms {
				holds = holds || strings.Contains(folded, term)
			}
			if !holds {
				continue
			}
			checked++
			marked := false
			for _, p := range h.Excerpt {
				marked = marked || p[1] == true
			}
			if !marked {
				t.Errorf("%q: result %s quotes %q, with no term of %q marked", q, h.Path, excerptText(h.Excerpt), res.Terms)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d results hold a term of their query in their text", checked)
	}
}

// TestNoRanges: on a host that answers a range with the whole file, the
// results come all the same, without passages, and the client asks for a
// range once only.
func TestNoRanges(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := Build(context.Background(), bundledDocs(t), dir); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	c, err := searchtest.New(dir, script)
	if err != nil {
		t.Fatal(err)
	}
	c.NoRanges = true
	for _, q := range []string{"政府信息公开", "规范性文件", "行政复议"} {
		want, err := ix.Search(context.Background(), q, 10)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Search(q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Hits) == 0 || len(got.Hits) != len(want.Hits) {
			t.Fatalf("%q: %d results, Bleve %d", q, len(got.Hits), len(want.Hits))
		}
		for _, h := range got.Hits {
			if h.Path == "" || len(h.Title) == 0 || len(h.Excerpt) != 0 {
				t.Errorf("%q: result %d: path %q, title %v, excerpt %v", q, h.Doc, h.Path, h.Title, h.Excerpt)
			}
		}
		for _, f := range got.Fetched {
			if strings.HasPrefix(f, "x/") {
				t.Errorf("%q: fetched %s", q, f)
			}
		}
	}
	if c.RangeAsks != 1 {
		t.Errorf("the client asked for a range %d times, want once", c.RangeAsks)
	}
}

func excerptText(pieces [][2]any) string {
	var b strings.Builder
	for _, p := range pieces {
		s, _ := p[0].(string)
		b.WriteString(s)
	}
	return b.String()
}
