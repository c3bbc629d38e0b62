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
	// Full renders every output even when a previous build's state says
	// which are current.
	Full bool
	// DeferSearch leaves the search index of an incremental build to a
	// later Builder.Search call, so that a preview shows the changed pages
	// first (the index of a large site takes seconds to rebuild).
	DeferSearch bool
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
	Files    int64 // files written
	Bytes    int64 // bytes written
	Duration time.Duration
	// Incremental is set when the build started from a previous one's
	// state rather than rendering everything.
	Incremental bool
	Rendered    int      // outputs made (the rest were current)
	Changed     []string // outputs whose bytes changed (or are new), as output paths ("reports/2020/x/")
	Removed     []string // outputs that no longer exist
	Search      bool     // the search index was rebuilt
	// SearchIndexed is how many sections the search index analysed: the
	// changed ones when it was updated (SearchUpdated), all when built
	// anew; SearchChanged how many of its files were written.
	SearchIndexed int
	SearchUpdated bool
	SearchChanged int
	// Unchanged is set when every content file, the theme and the options
	// were as the last build left them: nothing was read or written
	// (unchanged.go).
	Unchanged bool
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

// Build renders the site into opt.Out: in full the first time, and after
// that only the outputs whose inputs changed (see incremental.go), using
// the state the previous build left beside opt.Out.
func Build(ctx context.Context, opt Options) (*Result, error) {
	b := NewBuilder(opt)
	if !opt.Full {
		b.LoadState()
	}
	return b.Build(ctx)
}

// run makes the jobs on all cores and hands each output to keep, which
// writes it or not.
func run(ctx context.Context, jobs []job, progress io.Writer, keep func(i int, data []byte) error) error {
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
				if err := keep(i, buf.Bytes()); err != nil {
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
