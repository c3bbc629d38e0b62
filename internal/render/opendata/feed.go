package opendata

import (
	"bufio"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

// FeedMeta describes an Atom feed. ID is a permanent IRI (SelfURL when
// empty); SelfURL is where the feed is published, SiteURL the page it
// belongs to. Updated is the last change of the feed; when zero, the
// newest entry's.
type FeedMeta struct {
	Title, ID, SelfURL, SiteURL string
	Updated                     time.Time
}

// Entry is one entry of the feed: a report. ID is a permanent IRI (the URL
// when empty), Author the agency. Updated defaults to Published.
type Entry struct {
	ID, Title, URL, Summary, Author string
	Published, Updated              time.Time
}

// AtomNS is the Atom 1.0 namespace.
const AtomNS = "http://www.w3.org/2005/Atom"

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	XMLName   xml.Name    `xml:"entry"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published,omitempty"`
	Author    *atomPerson `xml:"author"`
	Link      atomLink    `xml:"link"`
	Summary   *atomText   `xml:"summary"`
}

// Feed writes an Atom 1.0 feed of the entries, newest first (by Published,
// then title; the caller's slice is not reordered). The feed has an author
// (its title) only when some entry has none, as RFC 4287 requires.
func Feed(w io.Writer, f FeedMeta, entries []Entry) error {
	order := slices.Clone(entries)
	slices.SortStableFunc(order, func(a, b Entry) int {
		return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(a.Title, b.Title))
	})
	updated := f.Updated
	anonymous := false
	for _, e := range order {
		if u := entryUpdated(e); u.After(updated) && f.Updated.IsZero() {
			updated = u
		}
		anonymous = anonymous || e.Author == ""
	}
	switch {
	case updated.IsZero():
		return errors.New("atom feed: no updated time: set FeedMeta.Updated")
	case f.ID == "" && f.SelfURL == "":
		return errors.New("atom feed: no id: set FeedMeta.ID or SelfURL")
	}
	// The encoder flushes after every entry: buffer the writes.
	bw := bufio.NewWriter(w)
	err := writeFeed(bw, f, updated, anonymous, order)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("atom feed %s: %w", f.SelfURL, err)
	}
	return nil
}

func entryUpdated(e Entry) time.Time {
	if e.Updated.IsZero() {
		return e.Published
	}
	return e.Updated
}

func writeFeed(w io.Writer, f FeedMeta, updated time.Time, anonymous bool, entries []Entry) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	feed := xml.StartElement{Name: xml.Name{Space: AtomNS, Local: "feed"},
		Attr: []xml.Attr{{Name: xml.Name{Space: xmlNS, Local: "lang"}, Value: "zh-CN"}}}
	err := enc.EncodeToken(feed)
	el := func(name string, v any) {
		if err == nil {
			err = enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}})
		}
	}
	el("id", cmp.Or(f.ID, f.SelfURL))
	el("title", atomText{Type: "text", Text: f.Title})
	el("updated", stamp(updated))
	if f.SelfURL != "" {
		el("link", atomLink{Rel: "self", Type: "application/atom+xml", Href: f.SelfURL})
	}
	if f.SiteURL != "" {
		el("link", atomLink{Rel: "alternate", Type: "text/html", Href: f.SiteURL})
	}
	if anonymous {
		el("author", atomPerson{Name: f.Title})
	}
	for _, e := range entries {
		if err != nil {
			return err
		}
		var ae atomEntry
		if ae, err = atomEntryOf(e, updated); err == nil {
			err = enc.Encode(ae)
		}
	}
	if err == nil {
		err = enc.EncodeToken(feed.End())
	}
	if err == nil {
		err = enc.Close()
	}
	if err == nil {
		_, err = io.WriteString(w, "\n")
	}
	return err
}

// xmlNS is the namespace of the xml: prefix (xml:lang).
const xmlNS = "http://www.w3.org/XML/1998/namespace"

var errNoURL = errors.New("entry without a URL")

// atomEntryOf maps an entry to its element; updated is the feed's, for
// entries with no date at all.
func atomEntryOf(e Entry, updated time.Time) (atomEntry, error) {
	if u := entryUpdated(e); !u.IsZero() {
		updated = u
	}
	ae := atomEntry{
		ID:      cmp.Or(e.ID, e.URL),
		Title:   atomText{Type: "text", Text: e.Title},
		Updated: stamp(updated),
		Link:    atomLink{Rel: "alternate", Type: "text/html", Href: e.URL},
	}
	if e.URL == "" {
		return ae, fmt.Errorf("%q: %w", e.Title, errNoURL)
	}
	if !e.Published.IsZero() {
		ae.Published = stamp(e.Published)
	}
	if e.Author != "" {
		ae.Author = &atomPerson{Name: e.Author}
	}
	if e.Summary != "" {
		ae.Summary = &atomText{Type: "text", Text: e.Summary}
	}
	return ae, nil
}

// stamp formats a time as an RFC 3339 date-time in UTC.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
