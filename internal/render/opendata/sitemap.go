package opendata

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// SitemapNS is the sitemaps.org 0.9 namespace.
const SitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// MaxSitemapURLs is the most URLs one sitemap file may list.
const MaxSitemapURLs = 50000

// URL is one page of a sitemap: its absolute URL and the date of its last
// change (YYYY-MM-DD, "" when unknown).
type URL struct {
	Loc     string
	LastMod string
}

type sitemapURL struct {
	XMLName xml.Name `xml:"url"`
	Loc     string   `xml:"loc"`
	LastMod string   `xml:"lastmod,omitempty"`
}

// ErrTooManyURLs is returned for a sitemap of more than MaxSitemapURLs.
var ErrTooManyURLs = fmt.Errorf("more than %d URLs: split the sitemap", MaxSitemapURLs)

// Sitemap writes a sitemaps.org 0.9 urlset of the URLs, in the order given.
// Every Loc must be an absolute http or https URL and every LastMod a date
// YYYY-MM-DD or "". Non-ASCII characters and spaces in a Loc are written
// percent-encoded (UTF-8), as the protocol asks; the rest is kept as given.
func Sitemap(w io.Writer, urls []URL) error {
	if len(urls) > MaxSitemapURLs {
		return fmt.Errorf("sitemap: %w", ErrTooManyURLs)
	}
	for _, u := range urls {
		if err := checkURL(u); err != nil {
			return fmt.Errorf("sitemap: %w", err)
		}
	}
	bw := bufio.NewWriter(w) // the encoder flushes after every URL
	_, err := bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	set := xml.StartElement{Name: xml.Name{Space: SitemapNS, Local: "urlset"}}
	if err == nil {
		err = enc.EncodeToken(set)
	}
	for _, u := range urls {
		if err != nil {
			break
		}
		err = enc.Encode(sitemapURL{Loc: escapeURL(u.Loc), LastMod: u.LastMod})
	}
	if err == nil {
		err = enc.EncodeToken(set.End())
	}
	if err == nil {
		err = enc.Close()
	}
	if err == nil {
		_, err = bw.WriteString("\n")
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("sitemap: %w", err)
	}
	return nil
}

// escapeURL percent-encodes the bytes of s that may not appear in a URL as
// they are: spaces, controls and non-ASCII.
func escapeURL(s string) string {
	const hex = "0123456789ABCDEF"
	plain := func(c byte) bool { return c > ' ' && c < 0x7f }
	i := 0
	for i < len(s) && plain(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s)+32)
	copy(b, s)
	for ; i < len(s); i++ {
		if c := s[i]; plain(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&0xF])
		}
	}
	return string(b)
}

func checkURL(u URL) error {
	p, err := url.Parse(u.Loc)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("%q: not an absolute http(s) URL", u.Loc)
	}
	if u.LastMod != "" {
		if _, err := time.Parse(time.DateOnly, u.LastMod); err != nil {
			return fmt.Errorf("%s: lastmod %q is not a date YYYY-MM-DD", u.Loc, u.LastMod)
		}
	}
	return nil
}

// Robots writes a robots.txt that lets every crawler read every page and
// names the sitemap when sitemapURL is not "".
func Robots(w io.Writer, sitemapURL string) error {
	if strings.ContainsAny(sitemapURL, "\r\n") {
		return errors.New("robots.txt: a line break in the sitemap URL")
	}
	s := "User-agent: *\nAllow: /\n"
	if sitemapURL != "" {
		s += "\nSitemap: " + sitemapURL + "\n"
	}
	if _, err := io.WriteString(w, s); err != nil {
		return fmt.Errorf("robots.txt: %w", err)
	}
	return nil
}
