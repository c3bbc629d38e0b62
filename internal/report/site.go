package report

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Site is all the content: agencies by key and reports ordered by agency
// and year.
type Site struct {
	Agencies map[string]*Agency
	Reports  []*Report
}

// Content layout under the content root.
const (
	AgenciesDir = "agencies"
	ReportsDir  = "reports"
)

// Load reads every agency record and report under the content root, applies
// every rule, including those across files (one report per agency and
// year, the agency exists, carry-overs between consecutive years), and
// returns all findings sorted. prefix is prepended to file names in
// findings (the content directory as the user named it).
func Load(fsys fs.FS, prefix string) (*Site, []Finding, error) {
	return NewLoader().Load(fsys, prefix)
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// crossChecks applies the rules across files; prefix is Load's,
// agencyFiles the agency records found (read or not: the errors of one
// that could not be read are its own, not its reports').
func (s *Site) crossChecks(prefix string, agencyFiles []string) []Finding {
	var out []Finding
	slices.SortFunc(s.Reports, func(a, b *Report) int {
		return cmp.Or(cmp.Compare(a.Agency, b.Agency), cmp.Compare(a.Year, b.Year), cmp.Compare(a.File, b.File))
	})
	hasFile := map[string]bool{}
	for _, f := range agencyFiles {
		hasFile[strings.TrimSuffix(path.Base(f), ".yaml")] = true
	}
	for i, r := range s.Reports {
		d := &diags{file: r.File}
		if r.Agency != "" && s.Agencies[r.Agency] == nil && !hasFile[r.Agency] {
			d.errorf("F4", r.PosOf("agency"), "agency", "a record "+path.Join(prefix, AgenciesDir, r.Agency+".yaml"), "agency %q has no record", r.Agency)
		}
		if i > 0 {
			prev := s.Reports[i-1]
			switch {
			case prev.Agency == r.Agency && prev.Year == r.Year && r.Year != 0:
				d.errorf("F4", r.PosOf("year"), "year", "one report per agency and year",
					"a second report of %s for %d (the other is %s)", r.Agency, r.Year, prev.File)
			case prev.Agency == r.Agency && prev.Year == r.Year-1:
				carryOver(d, prev, r)
			}
		}
		markDefects(r, d.list)
		out = append(out, d.list...)
	}
	for _, r := range s.Reports {
		out = append(out, unusedDefects(r)...)
	}
	return out
}

// unreferenced warns (F5) of agency records that no report refers to:
// a report deleted or moved to another key. A report file that could not
// be read counts for the agency its file is named after.
func (s *Site) unreferenced(prefix string, reportFiles []string) []Finding {
	used := map[string]bool{}
	for _, r := range s.Reports {
		used[r.Agency] = true
	}
	for _, f := range reportFiles {
		used[strings.TrimSuffix(path.Base(f), ".md")] = true
	}
	var out []Finding
	for key, a := range s.Agencies {
		if !used[key] {
			d := &diags{file: a.File}
			d.warnf("F5", Pos{1, 1}, "", "a report with agency: "+key+" under "+path.Join(prefix, ReportsDir)+"/, or no record",
				"no report refers to agency %s", key)
			out = append(out, d.list...)
		}
	}
	return out
}

// carryOver applies the across-year warnings Y1–Y3 to consecutive reports.
func carryOver(d *diags, prev, r *Report) {
	if prev.Table3 != nil && r.Table3 != nil {
		for col, name := range Table3Columns {
			was, now := prev.Table3.Get(RowCarryOut, col), r.Table3.Get(RowCarriedIn, col)
			if was.Set && now.Set && was.Value != now.Value {
				d.warnf("Y1", now.Pos, "table3."+RowCarriedIn+"."+name, fmt.Sprintf("%s, last year's 结转下年度继续办理 (%s)", fmtNum(was.Value), prev.File),
					"%s: 上年结转 %s", name, fmtNum(now.Value))
			}
		}
	}
	if prev.Table2 == nil || r.Table2 == nil || prev.Table2.Layout != r.Table2.Layout {
		return
	}
	switch r.Table2.Layout {
	case Layout2021:
		for _, row := range []string{"规章", "行政规范性文件"} {
			was := prev.Table2.Get(row, "现行有效件数")
			made, gone, now := r.Table2.Get(row, "本年制发件数"), r.Table2.Get(row, "本年废止件数"), r.Table2.Get(row, "现行有效件数")
			if want, ok := rowSum(was, made); ok && gone.Set && now.Set && want-gone.Value != now.Value {
				d.warnf("Y2", now.Pos, "table2."+row+".现行有效件数",
					fmt.Sprintf("%s = last year's %s + 本年制发件数 %s − 本年废止件数 %s", fmtNum(want-gone.Value), fmtNum(was.Value), fmtNum(made.Value), fmtNum(gone.Value)),
					"%s: 现行有效件数 %s", row, fmtNum(now.Value))
			}
		}
	case Layout2019:
		for _, row := range Table2Rows[Layout2019] {
			if row.Columns[0].Label != "上一年项目数量" {
				continue
			}
			base, delta, now := prev.Table2.Get(row.Label, "上一年项目数量"), prev.Table2.Get(row.Label, "本年增/减"), r.Table2.Get(row.Label, "上一年项目数量")
			if want, ok := rowSum(base, delta); ok && now.Set && want != now.Value {
				d.warnf("Y3", now.Pos, "table2."+row.Label+".上一年项目数量",
					fmt.Sprintf("%s = last year's 上一年项目数量 %s + 本年增/减 %s", fmtNum(want), fmtNum(base.Value), fmtNum(delta.Value)),
					"%s: 上一年项目数量 %s", row.Label, fmtNum(now.Value))
			}
		}
	}
}

// Agency returns the record of a report's agency, or nil.
func (s *Site) Agency(r *Report) *Agency { return s.Agencies[r.Agency] }
