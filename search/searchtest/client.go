// Package searchtest runs the portal's search client (assets/js/search.js)
// under goja, over a search directory that search.Build wrote, for the
// tests of search and of the build.
package searchtest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dop251/goja"
)

// Client is one page's search engine: the files it fetched stay cached
// across its queries, as in a browser.
type Client struct {
	vm      *goja.Runtime
	dir     string
	fetched []string // paths, in order; a range's as path#start-end
	sizes   map[string]int
	// NoRanges makes the client's host one that answers a range request
	// with the whole file, as some hosts do.
	NoRanges bool
	// RangeAsks counts the range requests made.
	RangeAsks int
}

// Hit is a result as the client ranks and shows it.
type Hit struct {
	Doc     int      `json:"doc"`
	Score   float64  `json:"score"`
	Path    string   `json:"path"`
	Title   [][2]any `json:"title"`
	Heading string   `json:"heading"`
	Excerpt [][2]any `json:"excerpt"`
	Region  string   `json:"region"`
}

// Result is the answer to one query, and what it cost.
type Result struct {
	Terms []string `json:"terms"`
	Hits  []Hit    `json:"hits"`
	Total int      `json:"total"`
	Exact bool     `json:"exact"`
	// Blocks says, for each term, how many of its postings blocks the
	// query read: "read/all".
	Blocks []string `json:"blocks"`
	// Fetched lists the files this query fetched (not those cached
	// already); Bytes is their size, Gzip their size gzipped.
	Fetched []string `json:"-"`
	Bytes   int      `json:"-"`
	Gzip    int      `json:"-"`
}

// New starts a client of the search directory dir, running the script at
// script (assets/js/search.js).
func New(dir, script string) (*Client, error) {
	src, err := os.ReadFile(script)
	if err != nil {
		return nil, err
	}
	c := &Client{vm: goja.New(), dir: dir, sizes: map[string]int{}}
	c.vm.Set("__load", c.load)
	if _, err := c.vm.RunScript(script, string(src)); err != nil {
		return nil, fmt.Errorf("%s: %w", script, err)
	}
	_, err = c.vm.RunString(`
var __engine = SitegenSearch.create(__load), __out, __err;
function __search(q, limit) {
  __out = null; __err = null;
  __engine.search(q, {limit: limit}).then(function (r) { return __engine.show(r); }).then(
    function (r) { __out = JSON.stringify(r); },
    function (e) { __err = String(e && e.stack || e); });
}
function __searchFacet(q, limit, fi, vi) {
  __out = null; __err = null;
  __engine.facets().then(function (of) {
    return __engine.search(q, {limit: limit, filter: function (d) { return of(d)[fi] === vi; }});
  }).then(function (r) { return __engine.show(r); }).then(
    function (r) { __out = JSON.stringify(r); },
    function (e) { __err = String(e && e.stack || e); });
}
function __analyse(q) {
  __out = null; __err = null;
  __engine.analyse(q).then(function (t) { __out = JSON.stringify(t); },
    function (e) { __err = String(e && e.stack || e); });
}`)
	return c, err
}

// load answers the client's requests: a file, or the bytes [start, end) of
// one when rng is [start, end], as a host serves a range (cut at the end
// of the file).
func (c *Client) load(path string, rng goja.Value) goja.Value {
	p, resolve, reject := c.vm.NewPromise()
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	data, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(path)))
	if err != nil {
		_ = reject(c.vm.NewGoError(err))
		return c.vm.ToValue(p)
	}
	if rng != nil && !goja.IsUndefined(rng) && !goja.IsNull(rng) {
		c.RangeAsks++
		if c.NoRanges {
			_ = resolve(goja.Null())
			return c.vm.ToValue(p)
		}
		var r [2]int
		if err := c.vm.ExportTo(rng, &r); err != nil || r[0] < 0 || r[0] >= len(data) || r[1] <= r[0] {
			_ = reject(c.vm.NewGoError(fmt.Errorf("%s: bad range %v", path, rng)))
			return c.vm.ToValue(p)
		}
		data = data[r[0]:min(r[1], len(data))]
		path = fmt.Sprintf("%s#%d-%d", path, r[0], r[0]+len(data))
	}
	c.fetched = append(c.fetched, path)
	c.sizes[path] = len(data)
	arr, err := c.vm.New(c.vm.Get("Uint8Array"), c.vm.ToValue(c.vm.NewArrayBuffer(data)))
	if err != nil {
		_ = reject(err)
	} else {
		_ = resolve(arr)
	}
	return c.vm.ToValue(p)
}

func (c *Client) run(call string, args ...any) (string, error) {
	for i, a := range args {
		c.vm.Set(fmt.Sprintf("__a%d", i), a)
	}
	if _, err := c.vm.RunString(call); err != nil {
		return "", err
	}
	if e := c.vm.Get("__err"); e != nil && !goja.IsNull(e) && !goja.IsUndefined(e) {
		return "", fmt.Errorf("search.js: %s", e.String())
	}
	out := c.vm.Get("__out")
	if out == nil || goja.IsNull(out) {
		return "", fmt.Errorf("search.js: the promise did not settle")
	}
	return out.String(), nil
}

// Search runs a query for its best limit results, as the search page does.
func (c *Client) Search(q string, limit int) (*Result, error) {
	from := len(c.fetched)
	out, err := c.run("__search(__a0, __a1)", q, limit)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		return nil, err
	}
	r.Fetched = append([]string(nil), c.fetched[from:]...)
	for _, p := range r.Fetched {
		r.Bytes += c.sizes[p]
		if strings.Contains(p, "#") {
			// Ranges come as they are (texts.go).
			r.Gzip += c.sizes[p]
			continue
		}
		r.Gzip += GzipSize(filepath.Join(c.dir, p))
	}
	return &r, nil
}

// SearchFacet runs a query for its best limit results among the documents
// whose facet (its index in the manifest) has one value (its index).
func (c *Client) SearchFacet(q string, limit, facet, value int) (*Result, error) {
	out, err := c.run("__searchFacet(__a0, __a1, __a2, __a3)", q, limit, facet, value)
	if err != nil {
		return nil, err
	}
	var r Result
	err = json.Unmarshal([]byte(out), &r)
	return &r, err
}

// Analyse returns the terms the client looks for.
func (c *Client) Analyse(q string) ([]string, error) {
	out, err := c.run("__analyse(__a0)", q)
	if err != nil {
		return nil, err
	}
	var terms []string
	err = json.Unmarshal([]byte(out), &terms)
	return terms, err
}

// Eval runs JavaScript in the client's runtime and returns its value
// exported to Go.
func (c *Client) Eval(js string) (any, error) {
	v, err := c.vm.RunString(js)
	if err != nil {
		return nil, err
	}
	return v.Export(), nil
}

// GzipSize is the size of a file gzipped (what a host that compresses
// sends), 0 when it cannot be read.
func GzipSize(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}
