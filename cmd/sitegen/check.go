package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"sitegen/internal/report"
)

func init() {
	register(command{
		name:    "check",
		summary: "Check every report and agency record against the layout and the rules",
		usage:   "[--content DIR] [--format text|json]",
		run:     runCheck,
	})
}

func runCheck(ctx context.Context, e *env, args []string) int {
	c := commands["check"]
	fs := newFlags(e, c)
	content := fs.String("content", "content", "the content `directory`")
	format := fs.String("format", "text", "output `format`: text (file:line:col: severity[RULE] message) or json")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fail(e, c.name, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if *format != "text" && *format != "json" {
		return fail(e, c.name, fmt.Errorf("--format %q: want text or json", *format))
	}
	findings, err := checkContent(*content)
	if err != nil {
		return fail(e, c.name, err)
	}
	if err := printFindings(e, *format, findings); err != nil {
		return fail(e, c.name, err)
	}
	s := report.Summarize(findings)
	fmt.Fprintf(e.stderr, "%d error(s), %d recorded source defect(s), %d warning(s)\n", s.Errors, s.Recorded, s.Warnings)
	if s.Errors > 0 {
		return exitFindings
	}
	return exitOK
}

// checkContent loads a content directory and returns every finding.
func checkContent(dir string) ([]report.Finding, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("content directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("content directory %s is not a directory", dir)
	}
	_, findings, err := report.Load(os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)))
	return findings, err
}

func printFindings(e *env, format string, findings []report.Finding) error {
	if format == "json" {
		if findings == nil {
			findings = []report.Finding{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(findings)
	}
	for _, f := range findings {
		if _, err := fmt.Fprintln(e.stdout, f.String()); err != nil {
			return err
		}
	}
	return nil
}
