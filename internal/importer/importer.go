// Package importer turns a report as it circulates into a report value:
// plain text copied out of Word, a web page or a PDF (pdftotext -layout).
//
// The input is read for the structure of the national form, not for the
// line positions of any one file:
//
//   - Section headings are the six standard titles, with any numbering or
//     none (一、 1、 5、), found up to a typo; the fifth and sixth sections
//     are also found by their wording (存在的不足). Headings may be missing
//     or out of order.
//   - A table starts at its own header (第二十条第（一）项 for 二, 申请人情况 or
//     its first row for 三, 行政复议 for 四) and ends at a heading, another
//     table, running text, or (for 四) the first text after its numbers.
//   - Cells come one per line (tab-indented, or ended by |; a line of bare
//     pipes separates rows), or in columns aligned by spaces. A row is a
//     label and the run of values after it (on its line in columns).
//   - Rows are recognised by their labels: traditional characters and
//     conversion artefacts (規範性檔案), widths, brackets, numbering, years
//     inside labels and everything but the Han characters are ignored, and a
//     typo of up to a quarter of a label is accepted (with a warning). Rows
//     are paired with the form's rows in order; a label wrapped over lines or
//     split by a vertical label is read from the lines around its values.
//   - A row's values are taken in column order when their count fits the
//     columns (blanks "-" and empty cells included when they make it fit);
//     otherwise the row is left blank and reported, never guessed.
//   - Narrative becomes Markdown paragraphs under the standard headings;
//     page chrome, Word artefacts, page numbers and the signature go, the
//     signature's date becomes Published.
package importer

import (
	"errors"
	"fmt"
	"path/filepath"
	"unicode/utf8"

	"sitegen/internal/report"
)

// Options give what the text may not state.
type Options struct {
	Agency string // the agency's name, when the text names none
	Year   int    // the report year, when the text states none
}

// Problem is something the import could not read, or read with a caveat.
// Errors mean cells were left blank for a person to fill in.
type Problem struct {
	Line int `json:"line,omitempty"` // line of the text, 0 when Place says where
	// Place is where a problem sits in a converted input ("line 12" of a
	// page's source, "table 2, row 5"), "" for plain text.
	Place    string `json:"place,omitempty"`
	Severity string `json:"severity"` // "error" or "warning"
	Table    string `json:"table,omitempty"`
	Message  string `json:"message"`
}

// String formats the problem as `line: severity: table: message`; the line
// is left out when the problem has no place (a table missing altogether).
func (p Problem) String() string {
	s := p.Severity + ": "
	switch {
	case p.Place != "":
		s = p.Place + ": " + s
	case p.Line > 0:
		s = fmt.Sprintf("%d: %s", p.Line, s)
	}
	if p.Table != "" {
		s += p.Table + ": "
	}
	return s + p.Message
}

// Result is an imported report.
type Result struct {
	Format     string // the form of the input: FormatText, FormatHTML …
	Report     *report.Report
	AgencyName string // as the text (or Options) names it; "" when unknown
	Problems   []Problem
}

// Errors counts the problems that left cells unread.
func (r *Result) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == "error" {
			n++
		}
	}
	return n
}

// ErrNoReport is returned for a text in which neither a table nor a section
// heading of the form can be found.
var ErrNoReport = errors.New("no annual report found: neither a table nor a section heading of the national form")

// ErrNotUTF8 is returned for input that is not UTF-8 text.
var ErrNotUTF8 = errors.New("not UTF-8 text (other encodings are not supported yet)")

type importer struct {
	year     int
	problems []Problem
	leftover []group
}

func (im *importer) errorf(line int, table, format string, args ...any) {
	im.problems = append(im.problems, Problem{Line: line, Severity: "error", Table: table, Message: fmt.Sprintf(format, args...)})
}

func (im *importer) warnf(line int, table, format string, args ...any) {
	im.problems = append(im.problems, Problem{Line: line, Severity: "warning", Table: table, Message: fmt.Sprintf(format, args...)})
}

// Text imports a report from plain text (UTF-8). name is the input's file
// name, for the source note.
func Text(name string, src []byte, opt Options) (*Result, error) {
	if !utf8.Valid(src) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotUTF8)
	}
	lines := splitLines(string(src))
	d := segment(lines)
	if len(d.tables) == 0 && len(d.parts) == 1 {
		return nil, fmt.Errorf("%s: %w", name, ErrNoReport)
	}
	im := &importer{}
	meta := im.meta(d)
	r := &report.Report{Title: meta.title, Published: meta.published}
	r.Source.Note = "sitegen import: " + filepath.Base(name)
	im.year = meta.year
	switch {
	case meta.year == 0:
		im.year = opt.Year
	case opt.Year != 0 && opt.Year != meta.year:
		im.warnf(meta.line, "", "the text states the year %d; --year %d ignored", meta.year, opt.Year)
	}
	r.Year = im.year
	name2 := meta.agency
	if name2 == "" {
		name2 = opt.Agency
	}
	r.Agency = report.Slug(report.PrimaryName(name2))

	layoutText := false
	for t := 2; t <= 4; t++ {
		block, ok := d.tables[t]
		if !ok {
			im.errorf(0, "", "table %s not found in the text; it is left out", report.Sections[t-1].Num)
			continue
		}
		layoutText = layoutText || isGrid(block)
		switch t {
		case 2:
			r.Table2 = im.table2(block, d.start[t])
		case 3:
			r.Table3 = im.table3(block, d.start[t])
		case 4:
			r.Table4 = im.table4(block, d.start[t])
		}
	}
	r.Sections = sections(d, layoutText, meta.title)
	return &Result{Report: r, AgencyName: name2, Problems: im.problems}, nil
}
