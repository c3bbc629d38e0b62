package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"golang.org/x/term"

	"sitegen/internal/build"
	"sitegen/internal/report"
)

func init() {
	register(command{
		name:    "build",
		summary: "Render content/ into the static portal in public/",
		usage:   "[--content DIR] [--out DIR] [--base-url URL] [--templates DIR] [--assets DIR] [--full] [--cpuprofile FILE] [--memprofile FILE]",
		run:     runBuild,
	})
}

func runBuild(ctx context.Context, e *env, args []string) int {
	c := commands["build"]
	fl := newFlags(e, c)
	site := addSiteFlags(fl, "the output `directory`; replaced only when the build succeeds")
	base := fl.String("base-url", "/", "where the site is served: an absolute `URL` (https://example.org/reports/) or a path (/reports/)")
	noMinify := fl.Bool("no-minify", false, "write pages and assets unminified")
	full := fl.Bool("full", false, "render every output, not only those whose inputs changed since the last build")
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	memprofile := fl.String("memprofile", "", "write a heap profile taken at the build's largest live heap to `file` (for go tool pprof)")
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
	opt.BaseURL, opt.NoMinify, opt.Full = *base, *noMinify, *full
	if isTerminal(e.stderr) {
		opt.Progress = e.stderr
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fail(e, c.name, err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(e, c.name, err)
		}
		defer pprof.StopCPUProfile()
	}
	if *memprofile != "" {
		stop := peakHeapProfile(*memprofile)
		defer func() {
			if err := stop(); err != nil {
				fmt.Fprintf(e.stderr, "sitegen build: %v\n", err)
			}
		}()
	}
	res, err := build.Build(ctx, opt)
	var fe *build.FindingsError
	if errors.As(err, &fe) {
		for _, f := range fe.Findings {
			fmt.Fprintln(e.stderr, f.String())
		}
		s := report.Summarize(fe.Findings)
		fmt.Fprintf(e.stderr, "%d error(s), %d recorded source defect(s), %d warning(s)\n", s.Errors, s.Recorded, s.Warnings)
		fmt.Fprintf(e.stderr, "sitegen build: %v; %s was left as it was\n", err, *site.out)
		return exitFindings
	}
	if err != nil {
		return fail(e, c.name, fmt.Errorf("%w; %s was left as it was", err, *site.out))
	}
	s := report.Summarize(res.Findings)
	if res.Unchanged {
		fmt.Fprintf(e.stderr, "%s is up to date: no content file, template, asset or option changed since the last build; %d reports of %d agencies in %v (%d recorded source defect(s), %d warning(s))\n",
			*site.out, res.Reports, res.Agencies, res.Duration.Round(1e6), s.Recorded, s.Warnings)
		return exitOK
	}
	if res.Incremental {
		fmt.Fprintf(e.stderr, "updated %s from the last build: %d of its outputs made again, %d changed, %d removed%s; %d reports of %d agencies in %v (%d recorded source defect(s), %d warning(s))\n",
			*site.out, res.Rendered, len(res.Changed), len(res.Removed), searchSummary(res),
			res.Reports, res.Agencies, res.Duration.Round(1e6), s.Recorded, s.Warnings)
		return exitOK
	}
	fmt.Fprintf(e.stderr, "built %d reports of %d agencies into %s: %d files, %.1f MB in %v (%d recorded source defect(s), %d warning(s); run sitegen check to list them)\n",
		res.Reports, res.Agencies, *site.out, res.Files, float64(res.Bytes)/1e6, res.Duration.Round(1e6), s.Recorded, s.Warnings)
	return exitOK
}

// searchSummary says what an incremental build did to the search index.
func searchSummary(res *build.Result) string {
	switch {
	case !res.Search:
		return ""
	case res.SearchUpdated:
		return fmt.Sprintf(", search index updated (%d section(s) indexed again, %d of its files changed)", res.SearchIndexed, res.SearchChanged)
	default:
		return fmt.Sprintf(", search index built anew (%d sections, %d of its files changed)", res.SearchIndexed, res.SearchChanged)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
