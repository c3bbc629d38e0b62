// Package build is the pipeline that turns content/ into the portal:
//
//	assemble parse the templates and process the assets (first, so a broken
//	         theme is reported at once)
//	load     read and check every content file (report.Load)
//	check    stop on any error a report does not record as a source defect,
//	         then arrange the content by agency, year and region
//	render   render every page and data file into a staging directory
//	publish  swap the staging directory in as the output directory
//
// Each stage wraps its errors with its name. A failed build leaves the
// previous output exactly as it was.
package build

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"sitegen/internal/render"
	"sitegen/internal/report"
)

// Options says what to build and where.
type Options struct {
	Content    fs.FS  // the content root (agencies/, reports/)
	ContentDir string // the content root as the user named it, for diagnostics
	Templates  fs.FS  // templates (a site's own over the embedded defaults)
	Assets     fs.FS  // assets, likewise
	Out        string // output directory, replaced on success
	BaseURL    string // see render.Options
	NoMinify   bool
	// Progress receives a progress line while rendering (a terminal), or
	// nil for a quiet build.
	Progress io.Writer
	Logger   *slog.Logger
}

// Result describes a finished build.
type Result struct {
	Findings []report.Finding // every finding, none blocking
	Reports  int
	Agencies int
	Files    int64
	Bytes    int64
	Duration time.Duration
}

// FindingsError fails a build whose content has errors that no report
// records as a defect of its source. It carries every finding, as check
// prints them.
type FindingsError struct {
	Findings []report.Finding
}

func (e *FindingsError) Error() string {
	n := 0
	for _, f := range e.Findings {
		if f.Blocking() {
			n++
		}
	}
	return fmt.Sprintf("content has %d error(s); nothing was written", n)
}

// Build renders the whole site into opt.Out.
func Build(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// The theme is read first: a broken template or base URL is reported
	// without waiting for the content.
	r, err := render.New(opt.Templates, opt.Assets, render.Options{BaseURL: opt.BaseURL, Minify: !opt.NoMinify})
	if err != nil {
		return nil, fmt.Errorf("assemble: %w", err)
	}

	site, findings, err := report.Load(opt.Content, opt.ContentDir)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	for _, f := range findings {
		if f.Blocking() {
			return nil, &FindingsError{Findings: findings}
		}
	}
	log.Debug("loaded", "reports", len(site.Reports), "agencies", len(site.Agencies), "findings", len(findings))

	if !r.HasAbsBase() {
		log.Warn("sitemap.xml and feed.xml are left out: they need an absolute --base-url such as https://example.org/")
	}
	m := newModel(site, findings)
	jobs := plan(m, r)
	log.Debug("assembled", "outputs", len(jobs))

	out, err := newOutput(opt.Out)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	if err := run(ctx, out, jobs, opt.Progress); err != nil {
		out.discard()
		return nil, fmt.Errorf("render: %w", err)
	}
	if err := writeSearch(ctx, m, out); err != nil {
		out.discard()
		return nil, fmt.Errorf("search: %w", err)
	}
	if err := out.publish(opt.Out); err != nil {
		out.discard()
		return nil, fmt.Errorf("publish: %w", err)
	}
	res := &Result{Findings: findings, Reports: len(m.reports), Agencies: len(m.agencies),
		Files: out.files.Load(), Bytes: out.bytes.Load(), Duration: time.Since(start)}
	log.Debug("published", "files", res.Files, "bytes", res.Bytes, "took", res.Duration)
	return res, nil
}

// job makes one output file.
type job struct {
	path string
	make func(w io.Writer) error
}

// run makes every job on all cores and writes the results.
func run(ctx context.Context, out *output, jobs []job, progress io.Writer) error {
	var (
		next   atomic.Int64
		done   atomic.Int64
		wg     sync.WaitGroup
		once   sync.Once
		first  error
		failed atomic.Bool
	)
	fail := func(err error) { once.Do(func() { first = err; failed.Store(true) }) }
	stop := startProgress(progress, &done, len(jobs))
	defer stop()
	workers := runtime.GOMAXPROCS(0)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				buf.Reset()
				j := jobs[i]
				if err := j.make(&buf); err != nil {
					fail(fmt.Errorf("%s: %w", j.path, err))
					return
				}
				if err := out.write(j.path, buf.Bytes()); err != nil {
					fail(err)
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	return first
}

// startProgress prints "rendering n/total" every 200ms until stopped.
func startProgress(w io.Writer, done *atomic.Int64, total int) (stop func()) {
	if w == nil {
		return func() {}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				fmt.Fprint(w, "\r\x1b[K") // clear the line for the summary
				return
			case <-t.C:
				fmt.Fprintf(w, "\rrendering %d/%d", done.Load(), total)
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
}
