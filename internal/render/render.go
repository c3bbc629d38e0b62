// Package render turns the portal's view data into files: html/template
// pages in a layout, report narratives through goldmark, fingerprinted and
// minified assets, and the minification of every HTML, CSS, JS and SVG
// file the build writes. Sub-packages hold the SVG charts (chart) and the
// open-data formats (opendata).
//
// Templates are read from an fs.FS holding layout.html (which defines
// "layout" and calls the page's "main"), partials/*.html, and one file
// per page type (home.html, report.html …). Each page is parsed once,
// with the layout and partials, when the Renderer is made.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	mhtml "github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Options configures a Renderer.
type Options struct {
	// BaseURL is where the site is served: an absolute URL
	// (https://example.org/reports/) or a path (/reports/). "" means "/".
	BaseURL string
	// Minify minifies pages and assets (on unless a test wants raw output).
	Minify bool
}

// File is an output file: a path relative to the output root and its bytes.
type File struct {
	Path string
	Data []byte
}

// Renderer renders pages. It is safe for concurrent use.
type Renderer struct {
	basePath string // "/" or "/sub/"
	absBase  string // "https://host/sub/" or "" when the base URL is a path
	pages    map[string]*template.Template
	assets   map[string]string // logical name → output path
	files    []File
	min      *minify.M
	md       *Markdown
	bufs     sync.Pool
	tmplSums map[string]Sum // see TemplateSum
}

// New parses every template and processes every asset.
func New(templates, assets fs.FS, opt Options) (*Renderer, error) {
	r := &Renderer{md: NewMarkdown(), min: newMinifier(), assets: map[string]string{}}
	if err := r.setBase(opt.BaseURL); err != nil {
		return nil, err
	}
	if !opt.Minify {
		r.min = nil
	}
	if err := r.loadAssets(assets); err != nil {
		return nil, err
	}
	if err := r.loadTemplates(templates); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Renderer) setBase(base string) error {
	if base == "" {
		base = "/"
	}
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("base URL %q: %w", base, err)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("base URL %q: want an http(s) URL or a path", base)
	}
	if (u.Scheme == "") != (u.Host == "") {
		return fmt.Errorf("base URL %q: want https://host/path/ or /path/", base)
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	r.basePath = p
	if u.Scheme != "" {
		r.absBase = u.Scheme + "://" + u.Host + p
	}
	return nil
}

// URL returns the site path of an output path ("reports/2020/x/").
func (r *Renderer) URL(p string) string { return r.basePath + strings.TrimPrefix(p, "/") }

// AbsURL returns the absolute URL of an output path, or its site path
// when the base URL is not absolute.
func (r *Renderer) AbsURL(p string) string {
	if r.absBase == "" {
		return r.URL(p)
	}
	return r.absBase + strings.TrimPrefix(p, "/")
}

// HasAbsBase reports whether the base URL is absolute (sitemaps and feeds
// need one).
func (r *Renderer) HasAbsBase() bool { return r.absBase != "" }

// Markdown renders a narrative (see Markdown).
func (r *Renderer) Markdown(src string, allowHTML bool) (template.HTML, error) {
	return r.md.Convert(src, allowHTML)
}

// Assets returns the processed asset files, sorted by path.
func (r *Renderer) Assets() []File { return r.files }

// Page renders the named page type (the template file's name without
// .html) with data into w, minified.
func (r *Renderer) Page(w io.Writer, page string, data any) error {
	t, ok := r.pages[page]
	if !ok {
		return fmt.Errorf("render: no template %s.html", page)
	}
	buf := r.buffer()
	defer r.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	return r.Minify(w, "text/html", buf.Bytes())
}

// Minify writes src minified as mediatype, or unchanged when minification
// is off.
func (r *Renderer) Minify(w io.Writer, mediatype string, src []byte) error {
	if r.min == nil {
		_, err := w.Write(src)
		return err
	}
	if err := r.min.Minify(mediatype, w, bytes.NewReader(src)); err != nil {
		return fmt.Errorf("minify %s: %w", mediatype, err)
	}
	return nil
}

func (r *Renderer) buffer() *bytes.Buffer {
	if b, ok := r.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/xml", xml.Minify)
	return m
}

// Pages lists the page types the templates define.
func (r *Renderer) Pages() []string {
	var out []string
	for p := range r.pages {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func ext(name string) string { return strings.TrimPrefix(path.Ext(name), ".") }
