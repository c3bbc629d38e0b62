// Package corpusgen generates a synthetic corpus of annual reports on
// government information disclosure (政府信息公开工作年度报告) in the content
// format of internal/report, for load tests and demonstrations of the
// portal at the scale of a province or the country.
//
// The corpus is DIR/agencies/<key>.yaml and DIR/reports/<year>/<key>.md,
// written with the report package's own writers (report.FormatAgency,
// report.Format), exactly as `sitegen new` and `sitegen import` write them:
//
//   - Agencies sit in the real administrative hierarchy: the 31
//     province-level divisions and their prefecture-level divisions by their
//     real names (a municipality's districts too), districts, counties and
//     townships with made-up but realistic names. At each level there are the
//     people's government, its office and its departments; townships and
//     street offices sit under districts and counties. Records carry the
//     region, the level (report.Levels) and the parent body.
//   - Each agency publishes reports for a run of consecutive years within
//     2016–2025, in the layout of the year (report.DefaultLayout). The
//     number of agencies is chosen so that there are exactly N reports.
//   - Tables satisfy every rule of the validator (勾稽关系) and carry over
//     from year to year: 上年结转 is last year's 结转下年度继续办理;
//     现行有效件数 (2021 layout) and 上一年项目数量 (2019 layout) move by
//     what was made, repealed, added or dropped. Magnitudes scale with the
//     level: a province's department receives more applications than a
//     township, most of them from natural persons, and small agencies print
//     mostly zeros.
//   - A share of reports carry a defect real reports have: a total that does
//     not add up, a carry-over that does not match, an amount without its
//     unit, a missing section, a narrative figure that contradicts the
//     tables … Errors are recorded under known_defects (rule, place, reason
//     in Chinese), as the bundled content records the defects of its
//     sources, so the corpus passes `sitegen check` and builds.
//   - The narrative (the preamble and sections 一, 五, 六; 3–9 KB a report) is
//     assembled from the sentences of real reports (the content directory
//     given as From, read with report.Load), with the source agency's name,
//     places, years, contact details and figures replaced by the generated
//     report's. A share of reports have narrative and title converted to
//     Taiwan traditional characters with OpenCC s2twp.
//
// The same options give byte-identical output: every choice is drawn from
// a seeded PCG, a stream of its own for each agency, so agencies are
// generated in parallel in any order.
package corpusgen

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"sitegen/internal/report"
)

// Options say what to generate.
type Options struct {
	N           int     // reports in all
	Seed        uint64  // the seed of every random choice
	Out         string  // output directory
	Defects     float64 // share of reports with a defect (0–1)
	Traditional float64 // share of reports in traditional characters (0–1)
	From        string  // content directory the narrative sentences come from
	Force       bool    // write into a non-empty Out, replacing its agencies/ and reports/
	Workers     int     // parallel workers; 0 means one per CPU. The output does not depend on it.
}

// Defect is a defect given to a report.
type Defect struct {
	File   string   // path under the output directory: reports/2021/<key>.md
	Agency string   // agency key
	Year   int      // report year
	Kind   string   // row-total, carry-in, no-unit …
	Rules  []string // the rule whose finding shows it
	Reason string   // in Chinese, as recorded when the finding is an error
}

// Result says what was generated.
type Result struct {
	Agencies    int
	Reports     int
	Files       int
	Bytes       int64    // bytes written
	Narrative   int64    // bytes of narrative in all reports
	Defects     []Defect // in agency order, then year
	Traditional []string // reports in traditional characters, in the same order
}

// Generate writes a corpus as the options say.
func Generate(ctx context.Context, o Options) (*Result, error) {
	switch {
	case o.N < 1:
		return nil, fmt.Errorf("the number of reports is %d; want at least 1", o.N)
	case o.Defects < 0 || o.Defects > 1 || math.IsNaN(o.Defects):
		return nil, fmt.Errorf("defect share %v: want a number from 0 to 1", o.Defects)
	case o.Traditional < 0 || o.Traditional > 1 || math.IsNaN(o.Traditional):
		return nil, fmt.Errorf("traditional share %v: want a number from 0 to 1", o.Traditional)
	case o.Out == "":
		return nil, errors.New("no output directory")
	case o.From == "":
		return nil, errors.New("no content directory to take sentences from")
	}
	if err := checkOut(o.Out, o.Force); err != nil {
		return nil, err
	}
	site, _, err := report.Load(os.DirFS(o.From), o.From)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", o.From, err)
	}
	if len(site.Reports) == 0 {
		return nil, fmt.Errorf("%s holds no reports to take sentences from", o.From)
	}
	conv, err := newConverter()
	if err != nil {
		return nil, err
	}
	g := &gen{opts: o, conv: conv, pool: newPool(site, conv)}
	if len(g.pool.openings)+len(g.pool.topics[0])+len(g.pool.topics[1]) == 0 {
		return nil, fmt.Errorf("%s: no narrative to take sentences from", o.From)
	}
	for _, cs := range g.pool.topics {
		for _, c := range cs {
			if slices.Contains(c.t.x1, figNew) {
				g.figNew = true
			}
		}
	}

	// The plan: agencies, their years, which reports get a defect and which
	// are traditional, drawn from one stream in order.
	r := newRNG(o.Seed, 0)
	agencies := newWorld(r).plan(o.N)
	g.defects = pickShare(r, o.N, o.Defects)
	g.traditional = pickShare(r, o.N, o.Traditional)

	if err := prepareOut(o.Out, o.Force, agencies); err != nil {
		return nil, err
	}
	outs, err := g.run(ctx, agencies)
	if err != nil {
		return nil, err
	}
	res := &Result{Agencies: len(agencies), Reports: o.N}
	for _, out := range outs {
		res.Files += out.count
		res.Bytes += out.bytes
		res.Narrative += int64(out.narrative)
		res.Defects = append(res.Defects, out.defects...)
		res.Traditional = append(res.Traditional, out.traditional...)
	}
	return res, nil
}

// pickShare picks round(share·n) of the indexes 0…n-1.
func pickShare(r rng, n int, share float64) map[int]bool {
	k := int(math.Round(share * float64(n)))
	out := make(map[int]bool, k)
	for _, i := range r.Perm(n)[:k] {
		out[i] = true
	}
	return out
}

// run generates and writes the agencies with a pool of workers.
func (g *gen) run(ctx context.Context, agencies []*planned) ([]*agencyOut, error) {
	firsts := make([]int, len(agencies))
	n := 0
	for i, a := range agencies {
		firsts[i] = n
		n += a.last - a.first + 1
	}
	workers := g.opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	outs := make([]*agencyOut, len(agencies))
	jobs := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out, err := g.agency(agencies[i], firsts[i])
				if err == nil {
					err = write(g.opts.Out, out.files)
				}
				if err != nil {
					errs <- err
					return
				}
				// Keep the counts, not the bytes.
				out.count, out.files = len(out.files), nil
				outs[i] = out
			}
		}()
	}
	var err error
feed:
	for i := range agencies {
		select {
		case jobs <- i:
		case err = <-errs:
			break feed
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	if err != nil {
		return nil, err
	}
	return outs, nil
}

func write(root string, files []file) error {
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(f.path)), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// checkOut refuses a non-empty output directory unless force.
func checkOut(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0 && !force:
		return fmt.Errorf("%s is not empty; use -force to replace its agencies/ and reports/", dir)
	}
	return nil
}

// prepareOut empties agencies/ and reports/ (only those) and makes the
// directories the corpus needs.
func prepareOut(dir string, force bool, agencies []*planned) error {
	if force {
		for _, sub := range []string{report.AgenciesDir, report.ReportsDir} {
			if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, report.AgenciesDir), 0o755); err != nil {
		return err
	}
	years := map[int]bool{}
	for _, a := range agencies {
		for y := a.first; y <= a.last; y++ {
			years[y] = true
		}
	}
	for y := FirstYear; y <= LastYear; y++ {
		if years[y] {
			if err := os.MkdirAll(filepath.Join(dir, report.ReportsDir, strconv.Itoa(y)), 0o755); err != nil {
				return err
			}
		}
	}
	return nil
}
