// Package report holds the domain of sitegen: the annual report on
// government information disclosure (政府信息公开工作年度报告) in both
// national layouts, the agencies that publish them, the content files they
// are kept in, and the rules (勾稽关系) they must satisfy.
//
// A report is kept as one Markdown file under content/reports/<year>/ with a
// YAML front matter block holding its metadata and its three tables; the body
// holds the narrative sections under their standard headings. Agencies are
// kept as YAML records under content/agencies/. docs/content-format.md is the
// full description of both formats and of every rule.
//
// The package imports nothing else of the project.
package report

import (
	"math"
	"strconv"
)

// Pos is a place in a content file. Line and Col are 1-based; Col counts
// characters (runes), as editors show them.
type Pos struct {
	Line, Col int
}

// Cell is one number of a table. A blank cell (null in the content, blank or
// "-" in a source) is not Set: it is absent, never zero.
type Cell struct {
	Set   bool
	Value float64
	// Unit is the unit written beside an amount (元, 万元, 亿元); "" for counts
	// and for amounts written without a unit.
	Unit string
	Pos  Pos
}

// Num returns a Set cell holding v.
func Num(v float64) Cell { return Cell{Set: true, Value: v} }

// IsInt reports whether the cell holds a whole number.
func (c Cell) IsInt() bool { return c.Set && c.Value == math.Trunc(c.Value) && !math.IsInf(c.Value, 0) }

// String formats the value as written in a report: integers without a
// decimal point, blank cells as "空".
func (c Cell) String() string {
	if !c.Set {
		return "空"
	}
	s := strconv.FormatFloat(c.Value, 'f', -1, 64)
	if c.Unit != "" {
		s += " " + c.Unit
	}
	return s
}

// unitScale gives each money unit in 元.
var unitScale = map[string]float64{"元": 1, "万元": 1e4, "亿元": 1e8}

// IsUnit reports whether u is a money unit the format accepts.
func IsUnit(u string) bool { _, ok := unitScale[u]; return ok }

// In converts an amount to the given unit. The second result is false when
// the cell is blank or either unit is unknown.
func (c Cell) In(unit string) (float64, bool) {
	from, ok1 := unitScale[c.Unit]
	to, ok2 := unitScale[unit]
	if !c.Set || !ok1 || !ok2 {
		return 0, false
	}
	// Round to 15 significant digits, dropping the binary noise of the
	// scaling (83.82 万元 is 838200 元, not 838199.9999999999).
	v, _ := strconv.ParseFloat(strconv.FormatFloat(c.Value*from/to, 'g', 15, 64), 64)
	return v, true
}

// Table2 is 二、主动公开政府信息情况: rows (信息内容) by label, each a map of
// column label to cell, plus rows a province adds to the form.
type Table2 struct {
	Layout Layout
	Rows   map[string]map[string]Cell
	Extra  []ExtraRow
	Pos    Pos
}

// ExtraRow is a row a province adds to table 二 (e.g. 政府信息公开发布总数量).
type ExtraRow struct {
	Label string
	Cell  Cell
}

// Get returns a cell of table 二 (a blank cell if absent).
func (t *Table2) Get(row, col string) Cell {
	if t == nil {
		return Cell{}
	}
	return t.Rows[row][col]
}

// Table3 is 三、收到和处理政府信息公开申请情况: rows by canonical key (see
// Row3), each seven cells in the order of Table3Columns.
type Table3 struct {
	Layout Layout
	Rows   map[string][]Cell
	Pos    Pos
}

// Get returns a cell of table 三 (a blank cell if absent).
func (t *Table3) Get(row string, col int) Cell {
	if t == nil {
		return Cell{}
	}
	r := t.Rows[row]
	if col >= len(r) {
		return Cell{}
	}
	return r[col]
}

// Table4 is 四、政府信息公开行政复议、行政诉讼情况: three groups of five
// cells (Table4Groups × Table4Columns).
type Table4 struct {
	Groups [3][]Cell
	Pos    Pos
}

// Get returns a cell of table 四 (a blank cell if absent).
func (t *Table4) Get(group, col int) Cell {
	if t == nil || col >= len(t.Groups[group]) {
		return Cell{}
	}
	return t.Groups[group][col]
}

// Section is a section of the body: one of the six standard sections, or
// the preamble before the first heading (Num "").
type Section struct {
	Num     string // 一 … 六; "" for the preamble
	Title   string // the heading as written
	Body    string // Markdown
	Line    int    // line of the heading (of the first body line for the preamble)
	BodyPos int    // line where Body starts
}

// KnownDefect records that the published source breaks a rule as printed.
type KnownDefect struct {
	Rule   string
	At     string // optional path prefix (table4.行政复议)
	Reason string
	Pos    Pos
	used   bool
}

// Source says where a report's text came from.
type Source struct {
	URL  string
	Note string
}

// Report is one annual report of one agency.
type Report struct {
	File      string // path of the content file, as diagnostics name it
	Sum       Digest // of the file's bytes
	Agency    string // key of the agency record
	Year      int
	Title     string
	Published string // YYYY-MM-DD, "" when unknown
	Source    Source
	Notes     string
	AllowHTML bool
	Defects   []KnownDefect

	Table2 *Table2
	Table3 *Table3
	Table4 *Table4

	Sections []Section

	pos    map[string]Pos  // positions of front matter keys by path
	broken map[string]bool // rows already reported as unreadable
	unread bool            // the front matter could not be read at all (reported)
}

// Layout summarises the layouts of the report's tables: "2019", "2021", or
// "mixed" when they differ, e.g. a 2021 table 二 with a single （六） row.
func (r *Report) Layout() string {
	var ls []Layout
	if r.Table2 != nil && r.Table2.Layout != "" {
		ls = append(ls, r.Table2.Layout)
	}
	if r.Table3 != nil && r.Table3.Layout != "" {
		ls = append(ls, r.Table3.Layout)
	}
	if len(ls) == 0 {
		return string(DefaultLayout(r.Year))
	}
	for _, l := range ls[1:] {
		if l != ls[0] {
			return "mixed"
		}
	}
	return string(ls[0])
}

// Section returns the section with the given number, or nil.
func (r *Report) Section(num string) *Section {
	for i := range r.Sections {
		if r.Sections[i].Num == num {
			return &r.Sections[i]
		}
	}
	return nil
}

// PosOf returns the position recorded for a front matter path such as
// "table4" or "table3.四、结转下年度继续办理", or the nearest enclosing one.
func (r *Report) PosOf(path string) Pos {
	for p := path; p != ""; {
		if pos, ok := r.pos[p]; ok {
			return pos
		}
		i := lastDot(p)
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return Pos{Line: 1, Col: 1}
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

// Region is the administrative hierarchy an agency sits in.
type Region struct {
	Province string
	City     string
	District string
}

// Path returns the non-empty levels, from province down.
func (g Region) Path() []string {
	var p []string
	for _, s := range []string{g.Province, g.City, g.District} {
		if s != "" {
			p = append(p, s)
		}
	}
	return p
}

// Levels of government an agency may belong to.
var Levels = []string{"国家级", "省级", "市级", "县级", "乡级"}

// Agency is the record of a body that publishes reports.
type Agency struct {
	Key         string // file name without .yaml; reports refer to it
	File        string
	Sum         Digest // of the file's bytes
	Name        string // "" when no source names the agency
	Aliases     []string
	Description string
	Region      Region
	Level       string
	Parent      string
	Website     string
}

// DisplayName is the name to show: the name, or the description when the
// name is unknown.
func (a *Agency) DisplayName() string {
	switch {
	case a == nil:
		return ""
	case a.Name != "":
		return a.Name
	case a.Description != "":
		return a.Description
	}
	return a.Key
}
