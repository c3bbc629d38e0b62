package opendata_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"sitegen/internal/render/opendata"
)

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

// atomFeed reads back what the Atom essentials require.
type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string     `xml:"http://www.w3.org/2005/Atom id"`
	Title   string     `xml:"http://www.w3.org/2005/Atom title"`
	Updated string     `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []atomLink `xml:"http://www.w3.org/2005/Atom link"`
	Authors []string   `xml:"http://www.w3.org/2005/Atom author>name"`
	Entries []struct {
		ID        string     `xml:"http://www.w3.org/2005/Atom id"`
		Title     string     `xml:"http://www.w3.org/2005/Atom title"`
		Updated   string     `xml:"http://www.w3.org/2005/Atom updated"`
		Published string     `xml:"http://www.w3.org/2005/Atom published"`
		Links     []atomLink `xml:"http://www.w3.org/2005/Atom link"`
		Author    string     `xml:"http://www.w3.org/2005/Atom author>name"`
		Summary   string     `xml:"http://www.w3.org/2005/Atom summary"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

var feedMeta = opendata.FeedMeta{Title: "政府信息公开工作年度报告", ID: "https://example.gov.cn/",
	SelfURL: "https://example.gov.cn/feed.xml", SiteURL: "https://example.gov.cn/", Updated: day("2025-02-01")}

var feedEntries = []opendata.Entry{
	{URL: "https://example.gov.cn/reports/2020/a/", Title: "德惠市机关事务管理局2020年报告", Author: "德惠市机关事务管理局", Published: day("2021-01-18"), Summary: "规范性文件 0 件 <无> & “引号”"},
	{URL: "https://example.gov.cn/reports/2024/c/", Title: "B <script>alert(1)</script>", Author: "淮安市人民政府 & 办公室", Published: day("2025-01-20")},
	{ID: "tag:example.gov.cn,2025:a", URL: "https://example.gov.cn/reports/2024/b/", Title: "A 报告", Author: "淮安市人民政府", Published: day("2025-01-20"), Updated: day("2025-01-25")},
	{URL: "https://example.gov.cn/reports/2020/d/", Title: "无日期", Author: "四平市某局（名称未载明）"},
}

// TestFeed: the feed parses as Atom, carries the essentials, lists entries
// newest first, and escapes text.
func TestFeed(t *testing.T) {
	var b bytes.Buffer
	if err := opendata.Feed(&b, feedMeta, feedEntries); err != nil {
		t.Fatal(err)
	}
	golden(t, "feed.xml", b.Bytes())
	var f atomFeed
	if err := xml.Unmarshal(b.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if f.ID != feedMeta.ID || f.Title != feedMeta.Title || f.Updated != "2025-02-01T00:00:00Z" || f.Lang != "zh-CN" {
		t.Errorf("feed id %q title %q updated %q lang %q", f.ID, f.Title, f.Updated, f.Lang)
	}
	if !slices.Contains(f.Links, atomLink{"self", feedMeta.SelfURL}) || !slices.Contains(f.Links, atomLink{"alternate", feedMeta.SiteURL}) {
		t.Errorf("feed links %v", f.Links)
	}
	if len(f.Authors) != 0 {
		t.Errorf("feed author %q although every entry has one", f.Authors)
	}
	var titles []string
	for _, e := range f.Entries {
		titles = append(titles, e.Title)
		if e.ID == "" || e.Title == "" || e.Updated == "" || e.Author == "" ||
			len(e.Links) != 1 || e.Links[0].Rel != "alternate" || !strings.HasPrefix(e.Links[0].Href, "https://") {
			t.Errorf("entry lacks an essential: %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
	}
	want := []string{"A 报告", "B <script>alert(1)</script>", "德惠市机关事务管理局2020年报告", "无日期"}
	if !slices.Equal(titles, want) {
		t.Errorf("entries %q, want %q", titles, want)
	}
	if e := f.Entries[0]; e.ID != "tag:example.gov.cn,2025:a" || e.Updated != "2025-01-25T00:00:00Z" || e.Published != "2025-01-20T00:00:00Z" {
		t.Errorf("first entry %+v", e)
	}
	if e := f.Entries[2]; e.ID != e.Links[0].Href || e.Summary != feedEntries[0].Summary || e.Author != "德惠市机关事务管理局" {
		t.Errorf("third entry %+v", e)
	}
	if e := f.Entries[3]; e.Updated != f.Updated || e.Published != "" {
		t.Errorf("an entry without dates: updated %q published %q", e.Updated, e.Published)
	}
	if strings.Contains(b.String(), "<script>") {
		t.Error("title not escaped")
	}
	if feedEntries[0].Title != "德惠市机关事务管理局2020年报告" {
		t.Error("Feed reordered the caller's entries")
	}
}

// TestFeedDefaults: updated from the newest entry, a feed author when an
// entry has none; and the errors.
func TestFeedDefaults(t *testing.T) {
	meta := feedMeta
	meta.Updated, meta.ID = time.Time{}, ""
	entries := append(slices.Clone(feedEntries), opendata.Entry{URL: "https://example.gov.cn/x/", Title: "无机关"})
	var b bytes.Buffer
	if err := opendata.Feed(&b, meta, entries); err != nil {
		t.Fatal(err)
	}
	var f atomFeed
	if err := xml.Unmarshal(b.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if f.Updated != "2025-01-25T00:00:00Z" || f.ID != meta.SelfURL || !slices.Equal(f.Authors, []string{meta.Title}) {
		t.Errorf("updated %q id %q authors %q", f.Updated, f.ID, f.Authors)
	}
	for _, tc := range []struct {
		name    string
		meta    opendata.FeedMeta
		entries []opendata.Entry
	}{
		{"no updated", opendata.FeedMeta{ID: "x"}, nil},
		{"no id", opendata.FeedMeta{Updated: day("2025-01-01")}, nil},
		{"entry without URL", feedMeta, []opendata.Entry{{ID: "x", Title: "t"}}},
	} {
		if err := opendata.Feed(&bytes.Buffer{}, tc.meta, tc.entries); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if err := opendata.Feed(&failWriter{n: 100}, feedMeta, feedEntries); !errors.Is(err, errFull) {
		t.Errorf("write error: %v", err)
	}
}
