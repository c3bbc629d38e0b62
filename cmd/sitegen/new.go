package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"sitegen/internal/report"
)

func init() {
	register(command{
		name:    "new",
		summary: "Create an empty report, in the layout of its year, for an agency to fill in",
		usage:   "report --agency NAME --year YYYY [--content DIR] [--force]",
		run:     runNew,
	})
}

func runNew(ctx context.Context, e *env, args []string) int {
	c := commands["new"]
	kind := ""
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		kind, args = args[0], args[1:]
	}
	fset := newFlags(e, c)
	agency := fset.String("agency", "", "the agency's `name` as it signs its reports, e.g. 淮安市人民政府")
	year := fset.Int("year", 0, "the report `year` (the year reported on)")
	content := fset.String("content", "content", "the content `directory`")
	force := fset.Bool("force", false, "overwrite an existing report file")
	if code, ok := parseFlags(fset, args); !ok {
		return code
	}
	switch {
	case kind != "report":
		fset.Usage()
		return fail(e, c.name, fmt.Errorf("what to create: `sitegen new report`"))
	case *agency == "":
		return fail(e, c.name, fmt.Errorf("--agency is required"))
	case *year < report.MinYear || *year > report.MaxYear:
		return fail(e, c.name, fmt.Errorf("--year %d: want a report year between %d and %d", *year, report.MinYear, report.MaxYear))
	case fset.NArg() > 0:
		return fail(e, c.name, fmt.Errorf("unexpected argument %q", fset.Arg(0)))
	}
	paths, err := newReport(*content, *agency, *year, *force)
	if err != nil {
		return fail(e, c.name, err)
	}
	for _, p := range paths {
		fmt.Fprintf(e.stdout, "created %s\n", p)
	}
	return exitOK
}

// newReport writes an empty report for the agency and year, and the
// agency's record when there is none. It returns the files it created.
func newReport(content, name string, year int, force bool) ([]string, error) {
	site, _, err := report.Load(os.DirFS(content), content)
	if err != nil {
		return nil, err
	}
	a, created, err := agencyRecord(site, content, name)
	if err != nil {
		return nil, fmt.Errorf("--agency %q: %w", name, err)
	}
	r := report.NewReport(a.Key, year)
	p := filepath.Join(content, report.ReportsDir, strconv.Itoa(year), a.Key+".md")
	src := report.Format(r, a.DisplayName())
	if _, findings := report.Check(p, src); report.Summarize(findings).Errors > 0 {
		return nil, fmt.Errorf("internal error: the new report does not pass check: %v", findings[0])
	}
	if err := writeNew(p, src, force); err != nil {
		return nil, err
	}
	return append(created, p), nil
}

// agencyRecord returns the record of the agency with this name (by name,
// alias or key), writing a new record into the content directory, and adding
// it to site, when there is none. created names the file it wrote, if any.
func agencyRecord(site *report.Site, content, name string) (a *report.Agency, created []string, err error) {
	if a = findAgency(site, name); a != nil {
		return a, nil, nil
	}
	if a = site.Agencies[report.Slug(report.PrimaryName(name))]; a != nil {
		return a, nil, nil
	}
	a = report.NewAgency(name)
	if a.Key == "" {
		return nil, nil, fmt.Errorf("the name has no characters to make a key from")
	}
	p := filepath.Join(content, report.AgenciesDir, a.Key+".yaml")
	if err := writeNew(p, report.FormatAgency(a), false); err != nil {
		return nil, nil, err
	}
	site.Agencies[a.Key] = a
	return a, []string{p}, nil
}

// findAgency finds a record by name or alias, or by the name without a
// bracketed second nameplate.
func findAgency(site *report.Site, name string) *report.Agency {
	primary := report.PrimaryName(name)
	for _, a := range site.Agencies {
		if a.Name == name || a.Name == primary {
			return a
		}
		for _, al := range a.Aliases {
			if al == name {
				return a
			}
		}
	}
	return nil
}

// writeNew writes a file, refusing to replace an existing one unless force.
func writeNew(path string, data []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; use --force to replace it", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
