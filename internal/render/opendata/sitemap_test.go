package opendata_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"slices"
	"testing"

	"sitegen/internal/render/opendata"
)

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

func TestSitemap(t *testing.T) {
	urls := []opendata.URL{
		{Loc: "https://example.gov.cn/"},
		{Loc: "https://example.gov.cn/reports/2020/de-hui/?a=1&b=2", LastMod: "2021-01-18"},
		{Loc: "https://example.gov.cn/机关/淮安市人民政府/", LastMod: "2025-01-20"}, // percent-encoded
	}
	var b bytes.Buffer
	if err := opendata.Sitemap(&b, urls); err != nil {
		t.Fatal(err)
	}
	golden(t, "sitemap.xml", b.Bytes())
	var s urlset
	if err := xml.Unmarshal(b.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	var got []opendata.URL
	for _, u := range s.URLs {
		got = append(got, opendata.URL{Loc: u.Loc, LastMod: u.LastMod})
	}
	urls[2].Loc = "https://example.gov.cn/%E6%9C%BA%E5%85%B3/%E6%B7%AE%E5%AE%89%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C/"
	if !slices.Equal(got, urls) {
		t.Errorf("read back %q, want %q", got, urls)
	}
	if !bytes.Contains(b.Bytes(), []byte("?a=1&amp;b=2")) {
		t.Error("& not escaped")
	}
}

func TestSitemapRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		urls []opendata.URL
	}{
		{"relative", []opendata.URL{{Loc: "/reports/"}}},
		{"no scheme", []opendata.URL{{Loc: "example.gov.cn/"}}},
		{"ftp", []opendata.URL{{Loc: "ftp://example.gov.cn/"}}},
		{"bad lastmod", []opendata.URL{{Loc: "https://example.gov.cn/", LastMod: "2021-1-18"}}},
		{"datetime lastmod", []opendata.URL{{Loc: "https://example.gov.cn/", LastMod: "2021-01-18T00:00:00Z"}}},
		{"too many", make([]opendata.URL, opendata.MaxSitemapURLs+1)},
	} {
		if err := opendata.Sitemap(&bytes.Buffer{}, tc.urls); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if err := opendata.Sitemap(&failWriter{n: 60}, []opendata.URL{{Loc: "https://example.gov.cn/"}}); !errors.Is(err, errFull) {
		t.Errorf("write error: %v", err)
	}
}

func TestRobots(t *testing.T) {
	for _, tc := range []struct{ sitemap, want string }{
		{"", "User-agent: *\nAllow: /\n"},
		{"https://example.gov.cn/sitemap.xml", "User-agent: *\nAllow: /\n\nSitemap: https://example.gov.cn/sitemap.xml\n"},
	} {
		var b bytes.Buffer
		if err := opendata.Robots(&b, tc.sitemap); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("%q: got %q, want %q", tc.sitemap, b.String(), tc.want)
		}
	}
	if err := opendata.Robots(&bytes.Buffer{}, "https://x/\nDisallow: /"); err == nil {
		t.Error("a line break in the sitemap URL: no error")
	}
}
