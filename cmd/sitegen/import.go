package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"sitegen/internal/importer"
	"sitegen/internal/report"
)

func init() {
	register(command{
		name:    "import",
		summary: "Turn a report as it circulates (text, HTML, .docx, PDF) into a content file",
		usage:   "[--content DIR] [--agency NAME] [--year YYYY] [--json] [--force] [--partial] FILE|FOLDER...",
		run:     runImport,
	})
}

// importOpts are the flags of `sitegen import`.
type importOpts struct {
	content     string
	opt         importer.Options
	json, force bool
	partial     bool
	// site is the content directory as read once before the files are
	// imported; records created on the way are added to it.
	site *report.Site
}

// imported is the outcome of one file, for the summary.
type imported struct {
	file, agency, year, result string
	problems                   int
	data                       report.Object
	failed                     bool // nothing usable: the file is not written
}

func runImport(ctx context.Context, e *env, args []string) int {
	c := commands["import"]
	fset := newFlags(e, c)
	var o importOpts
	fset.StringVar(&o.content, "content", "content", "the content `directory` to write into")
	fset.StringVar(&o.opt.Agency, "agency", "", "the agency's `name`, when the text names none")
	fset.IntVar(&o.opt.Year, "year", 0, "the report `year`, when the text states none")
	fset.BoolVar(&o.json, "json", false, "write nothing; print the parsed report as open-data JSON (an array for several files)")
	fset.BoolVar(&o.force, "force", false, "replace an existing report file")
	fset.BoolVar(&o.partial, "partial", false, "write a report even when cells could not be read (they are left blank), and exit 0")
	// Flags may follow the files: parse, take a file, parse the rest.
	var files []string
	for rest := args; ; {
		if code, ok := parseFlags(fset, rest); !ok {
			return code
		}
		if fset.NArg() == 0 {
			break
		}
		files, rest = append(files, fset.Arg(0)), fset.Args()[1:]
	}
	if len(files) == 0 {
		fset.Usage()
		return fail(e, c.name, errors.New("no file to import"))
	}
	if o.opt.Year != 0 && (o.opt.Year < report.MinYear || o.opt.Year > report.MaxYear) {
		return fail(e, c.name, fmt.Errorf("--year %d: want a report year between %d and %d", o.opt.Year, report.MinYear, report.MaxYear))
	}
	files, err := expandFolders(files)
	if err != nil {
		return fail(e, c.name, err)
	}
	if !o.json {
		if o.site, _, err = report.Load(os.DirFS(o.content), o.content); err != nil {
			return fail(e, c.name, fmt.Errorf("reading %s: %w", o.content, err))
		}
	}
	var results []imported
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return fail(e, c.name, err)
		}
		results = append(results, importFile(ctx, e, f, o))
	}
	if o.json {
		if err := printJSON(e, results); err != nil {
			return fail(e, c.name, err)
		}
	}
	if len(results) > 1 {
		w := e.stdout
		if o.json {
			w = e.stderr
		}
		rows := [][]string{{"FILE", "AGENCY", "YEAR", "RESULT", "PROBLEMS"}}
		for _, r := range results {
			rows = append(rows, []string{r.file, r.agency, r.year, r.result, strconv.Itoa(r.problems)})
		}
		printTable(w, rows)
	}
	for _, r := range results {
		if r.failed {
			return exitFindings
		}
	}
	return exitOK
}

// importFile imports one file: it prints the file's problems on stderr,
// and writes the report (and the agency's record when there is none)
// unless --json.
func importFile(ctx context.Context, e *env, file string, o importOpts) imported {
	out := imported{file: file, agency: "-", year: "-"}
	failf := func(format string, args ...any) imported {
		fmt.Fprintf(e.stderr, "sitegen import: %s: %s\n", file, fmt.Sprintf(format, args...))
		out.result, out.failed = "failed", true
		return out
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return failf("%v", errors.Unwrap(err))
	}
	res, err := importer.File(ctx, file, src, o.opt)
	if err != nil {
		return failf("%v", errors.Unwrap(err))
	}
	r := res.Report
	if res.AgencyName != "" {
		out.agency = res.AgencyName
	}
	if r.Year != 0 {
		out.year = strconv.Itoa(r.Year)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(e.stderr, "%s:%v\n", file, p)
	}
	out.problems = len(res.Problems)
	unread := res.Errors() > 0
	switch {
	case r.Year == 0:
		return failf("the text states no report year; give --year")
	case o.json:
		agency := &report.Agency{Key: r.Agency, Name: res.AgencyName}
		path := filepath.Join(o.content, report.ReportsDir, out.year, r.Agency+".md")
		_, findings := report.Check(path, report.Format(r, res.AgencyName))
		out.data = append(report.OpenData(r, agency, findings), report.Field{Key: "import_problems", Value: problemsOrEmpty(res.Problems)})
		out.result = resultWord(unread, false)
		out.failed = unread && !o.partial
		return out
	case res.AgencyName == "":
		return failf("the text names no agency; give --agency NAME")
	case unread && !o.partial:
		return failf("%d cell(s) or table(s) could not be read; nothing written (--partial writes the report with those cells blank)", res.Errors())
	}
	paths, err := writeImport(o, res)
	if err != nil {
		return failf("%v", err)
	}
	for _, p := range paths {
		fmt.Fprintf(e.stdout, "created %s\n", p)
	}
	// What check will say of the new file (an amount without its unit, the
	// narrative contradicting a table), so the person importing sees it now.
	reportPath := paths[len(paths)-1]
	if written, err := os.ReadFile(reportPath); err == nil {
		_, findings := report.Check(reportPath, written)
		for _, f := range findings {
			fmt.Fprintln(e.stderr, f)
		}
	}
	out.result = resultWord(unread, true)
	return out
}

func resultWord(unread, written bool) string {
	switch {
	case unread && written:
		return "written, needs a person"
	case unread:
		return "needs a person"
	case written:
		return "written"
	}
	return "ok"
}

func problemsOrEmpty(ps []importer.Problem) []importer.Problem {
	if ps == nil {
		return []importer.Problem{}
	}
	return ps
}

// writeImport writes the report under content/reports/<year>/<key>.md, and
// the agency's record when no record has its name or key.
func writeImport(o importOpts, res *importer.Result) ([]string, error) {
	r := res.Report
	a, created, err := agencyRecord(o.site, o.content, res.AgencyName)
	if err != nil {
		return nil, fmt.Errorf("agency %q: %w", res.AgencyName, err)
	}
	r.Agency = a.Key
	p := filepath.Join(o.content, report.ReportsDir, strconv.Itoa(r.Year), a.Key+".md")
	if err := writeNew(p, report.Format(r, a.DisplayName()), o.force); err != nil {
		return created, err
	}
	return append(created, p), nil
}

// printJSON prints one object for one file, an array for several.
func printJSON(e *env, results []imported) error {
	var v any
	if len(results) == 1 {
		if results[0].data == nil {
			return nil
		}
		v = results[0].data
	} else {
		var all []any
		for _, r := range results {
			if r.data != nil {
				all = append(all, r.data)
			}
		}
		v = all
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printTable prints rows in columns two spaces apart, measuring Chinese
// characters as two columns wide, as terminals show them.
func printTable(w io.Writer, rows [][]string) {
	width := func(s string) int {
		n := 0
		for _, r := range s {
			n++
			if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xff60) {
				n++
			}
		}
		return n
	}
	var cols []int
	for _, row := range rows {
		for i, c := range row {
			if i >= len(cols) {
				cols = append(cols, 0)
			}
			cols[i] = max(cols[i], width(c))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", cols[i]-width(c)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

// expandFolders replaces each folder among the arguments by the files under
// it that import reads (by extension), in name order.
func expandFolders(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a) // a missing file is reported with the others
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && slices.Contains(importer.Extensions, strings.ToLower(filepath.Ext(p))) {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading folder %s: %w", a, err)
		}
	}
	return out, nil
}
