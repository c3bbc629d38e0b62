package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"sitegen/internal/build"
	"sitegen/internal/report"
	"sitegen/internal/serve"
	"sitegen/internal/watch"
)

func init() {
	register(command{
		name:    "serve",
		summary: "Build, serve on localhost, rebuild what a change affects and reload the browser",
		usage:   "[--port 1313] [--bind 127.0.0.1] [--content DIR] [--out DIR] [--templates DIR] [--assets DIR]",
		run:     runServe,
	})
}

func runServe(ctx context.Context, e *env, args []string) int {
	c := commands["serve"]
	fl := newFlags(e, c)
	port := fl.Int("port", serve.DefaultPort, "the `port` to listen on (0 picks a free one)")
	bind := fl.String("bind", serve.DefaultBind, "the `address` to listen on; 127.0.0.1 keeps the preview on this machine")
	site := addSiteFlags(fl, "the output `directory`, built as `sitegen build` builds it")
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	if fl.NArg() > 0 {
		return fail(e, c.name, fmt.Errorf("unexpected argument %q", fl.Arg(0)))
	}
	opt, err := site.options(e)
	if err != nil {
		return fail(e, c.name, err)
	}
	// The preview is served from the root; the search index follows the
	// pages (see preview.rebuild).
	opt.BaseURL, opt.DeferSearch = "/", true
	p := &preview{e: e, b: build.NewBuilder(opt), out: *site.out, assetsDir: *site.assets}
	p.b.LoadState()

	// Watch before the first build, so no edit made during it is missed.
	roots := []string{*site.content}
	for _, d := range []string{*site.templates, *site.assets} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			roots = append(roots, d)
		}
	}
	w, err := watch.New(roots...)
	if err != nil {
		return fail(e, c.name, err)
	}
	defer w.Close()

	p.srv = serve.New(*site.out, serve.Options{Logger: e.log})
	defer p.srv.Close()
	ln, err := net.Listen("tcp", serve.Addr(*bind, *port))
	if err != nil {
		return fail(e, c.name, err)
	}
	defer p.stopSearch()
	p.rebuild(ctx, nil)
	fmt.Fprintf(e.stderr, "serving %s at http://%s/ (watching %s; Ctrl+C to stop)\n", *site.out, ln.Addr(), strings.Join(roots, ", "))

	done := make(chan error, 1)
	go func() { done <- p.srv.Serve(ctx, ln) }()
	for {
		select {
		case <-ctx.Done():
			<-done
			return exitOK
		case err := <-done:
			if err != nil && !errors.Is(err, context.Canceled) {
				return fail(e, c.name, err)
			}
			return exitOK
		case err := <-w.Errors():
			e.log.Warn("watching", "err", err)
		case b, ok := <-w.Batches():
			if !ok {
				return exitOK
			}
			p.stopSearch()
			p.rebuild(ctx, b)
		}
	}
}

// preview is the serve loop's state: the builder, and what the browsers
// were last told.
type preview struct {
	e         *env
	b         *build.Builder
	srv       *serve.Server
	out       string
	assetsDir string
	failed    bool
	// The search index's update running in the background, if any.
	cancelSearch context.CancelFunc
	searchDone   chan struct{}
}

// rebuild builds after a batch of changes (nil: the first build) and tells
// the browsers what changed, or what is wrong.
func (p *preview) rebuild(ctx context.Context, changes watch.Batch) {
	start := time.Now()
	res, err := p.b.Build(ctx)
	if err != nil {
		p.failed = true
		diags := diagnostics(err)
		for _, d := range diags {
			fmt.Fprintf(p.e.stderr, "%s:%d:%d: %s[%s] %s\n", d.File, d.Line, d.Col, d.Severity, d.Rule, d.Message)
		}
		fmt.Fprintf(p.e.stderr, "build failed: %v; still serving the last good build\n", err)
		p.srv.Broadcast(serve.Failed(diags...))
		return
	}
	if changes == nil {
		fmt.Fprintf(p.e.stderr, "built %d reports in %v\n", res.Reports, res.Duration.Round(time.Millisecond))
		// A first build that started from an earlier build's state left
		// the search index to follow, as any other.
		p.startSearch(ctx)
		return
	}
	fmt.Fprintf(p.e.stderr, "%d change(s): %d output(s) made again, %d changed, %d removed in %v\n",
		len(changes), res.Rendered, len(res.Changed), len(res.Removed), time.Since(start).Round(time.Millisecond))
	if p.failed {
		p.failed = false
		p.srv.Broadcast(serve.OK())
	}
	for _, ev := range events(res, changes, p.assetsDir) {
		p.srv.Broadcast(ev)
	}
	p.startSearch(ctx)
}

// startSearch brings the search index up to date after the pages, in the
// background: the next change stops it (stopSearch) and starts it again
// after its pages, so that a save is never kept waiting for the index of
// the one before.
func (p *preview) startSearch(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	p.cancelSearch, p.searchDone = cancel, done
	go func() {
		defer close(done)
		res, err := p.b.Search(ctx)
		switch {
		case errors.Is(err, context.Canceled):
			p.e.log.Debug("search index: stopped for newer changes")
		case err != nil:
			fmt.Fprintf(p.e.stderr, "search index: %v\n", err)
		case res != nil && res.SearchUpdated:
			fmt.Fprintf(p.e.stderr, "search index updated in %v: %d section(s) indexed again, %d of its files changed\n",
				res.Duration.Round(time.Millisecond), res.SearchIndexed, res.SearchChanged)
		case res != nil:
			fmt.Fprintf(p.e.stderr, "search index built anew in %v: %d sections, %d of its files changed\n",
				res.Duration.Round(time.Millisecond), res.SearchIndexed, res.SearchChanged)
		}
	}()
}

// stopSearch stops the search index's update, if one is running, and
// waits for it to end: the builder does one thing at a time.
func (p *preview) stopSearch() {
	if p.cancelSearch != nil {
		p.cancelSearch()
		<-p.searchDone
		p.cancelSearch, p.searchDone = nil, nil
	}
}

// events are what browsers are told after a successful rebuild: when only
// stylesheets were edited, the new stylesheet for the old (the pages
// changed only in naming it); otherwise a reload of the pages whose bytes
// changed.
func events(res *build.Result, changes watch.Batch, assetsDir string) []serve.Event {
	if cssOnly(changes, assetsDir) {
		if swap := cssSwap(res); len(swap) > 0 {
			return []serve.Event{serve.CSS(swap)}
		}
	}
	var pages []string
	for _, o := range append(append([]string(nil), res.Changed...), res.Removed...) {
		if o == "" || strings.HasSuffix(o, "/") || strings.HasSuffix(o, ".html") {
			pages = append(pages, "/"+o)
		}
	}
	if len(pages) == 0 {
		return nil
	}
	return []serve.Event{serve.Reload(pages...)}
}

func cssOnly(changes watch.Batch, assetsDir string) bool {
	abs, err := filepath.Abs(assetsDir)
	if err != nil || len(changes) == 0 {
		return false
	}
	for _, c := range changes {
		if c.Dir || filepath.Ext(c.Path) != ".css" || !strings.HasPrefix(c.Path, abs+string(filepath.Separator)) {
			return false
		}
	}
	return true
}

// fingerprinted matches an asset's output path: assets/css/site.3f2a9c1b0d.css.
var fingerprinted = regexp.MustCompile(`^(assets/.+)\.[0-9a-f]{10}(\.css)$`)

// cssSwap pairs the removed stylesheets with their new names.
func cssSwap(res *build.Result) map[string]string {
	added := map[string]string{}
	for _, o := range res.Changed {
		if m := fingerprinted.FindStringSubmatch(o); m != nil {
			added[m[1]+m[2]] = o
		}
	}
	swap := map[string]string{}
	for _, o := range res.Removed {
		if m := fingerprinted.FindStringSubmatch(o); m != nil {
			if n, ok := added[m[1]+m[2]]; ok {
				swap[path.Join("/", o)] = path.Join("/", n)
			}
		}
	}
	return swap
}

// diagnostics turns a failed build's error into the overlay's list.
func diagnostics(err error) []serve.Diagnostic {
	var fe *build.FindingsError
	if errors.As(err, &fe) {
		var out []serve.Diagnostic
		for _, f := range fe.Findings {
			if !f.Blocking() {
				continue
			}
			msg := f.Message
			if f.Expected != "" {
				msg += "; expected " + f.Expected
			}
			out = append(out, serve.Diagnostic{File: f.File, Line: f.Line, Col: f.Col, Rule: f.Rule,
				Severity: string(f.Severity), Message: msg})
		}
		return out
	}
	return []serve.Diagnostic{{Severity: string(report.Error), Rule: "build", Message: err.Error()}}
}
