package opendata

import (
	"encoding/csv"
	"io"
	"strconv"

	"sitegen/internal/report"
)

// bom is the UTF-8 byte order mark every CSV file starts with.
const bom = "\ufeff"

// table writes CSV lines one field at a time: text fields neutralised
// against formula injection, numbers as they are.
type table struct {
	w     *csv.Writer
	line  []string
	width int   // pad every line to this many fields; 0 for no padding
	err   error // the first write error; later lines are dropped
}

// newTable writes the byte order mark and returns a table writing CRLF
// lines to w (buffered by the csv writer).
func newTable(w io.Writer, width int) (*table, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &table{w: cw, width: width}, nil
}

// text adds text fields.
func (t *table) text(fields ...string) {
	for _, s := range fields {
		t.line = append(t.line, Neutralise(s))
	}
}

// num adds a number field, empty for a blank cell.
func (t *table) num(c report.Cell) {
	t.line = append(t.line, number(c))
}

// raw adds fields as they are: numbers already formatted.
func (t *table) raw(fields ...string) { t.line = append(t.line, fields...) }

// end writes the line. A write error is kept for close; callers writing
// many lines check t.err now and then to stop early.
func (t *table) end() {
	for len(t.line) < t.width {
		t.line = append(t.line, "")
	}
	if t.err == nil {
		t.err = t.w.Write(t.line)
	}
	t.line = t.line[:0]
}

// close flushes the buffered lines and reports the first write error.
func (t *table) close() error {
	if t.err != nil {
		return t.err
	}
	t.w.Flush()
	return t.w.Error()
}

// Neutralise prefixes a single quote to text a spreadsheet would read as a
// formula: text beginning with =, +, -, @, a tab or a carriage return.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// number formats a cell's value as a plain decimal, "" when blank.
func number(c report.Cell) string {
	if !c.Set {
		return ""
	}
	return formatFloat(c.Value)
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// amount gives a table 二 cell as value, unit and value in 元: the unit as
// printed, or the unit the form fixes for the column when none is printed;
// unit and yuan are empty for counts, blank cells and unknown units.
func amount(c report.Cell, col report.Column) (value, unit, yuan string) {
	value = number(c)
	if col.Kind != report.Money || !c.Set {
		return value, "", ""
	}
	unit = c.Unit
	if unit == "" {
		unit = col.Unit
	}
	c.Unit = unit
	if v, ok := c.In("元"); ok {
		yuan = formatFloat(v)
	}
	return value, unit, yuan
}

// table2Layout is the layout of a report's table 二, or the layout of its
// year when the report has none.
func table2Layout(r *report.Report) report.Layout {
	if r.Table2 != nil && r.Table2.Layout != "" {
		return r.Table2.Layout
	}
	return report.DefaultLayout(r.Year)
}

// table3Layout is table2Layout for table 三.
func table3Layout(r *report.Report) report.Layout {
	if r.Table3 != nil && r.Table3.Layout != "" {
		return r.Table3.Layout
	}
	return report.DefaultLayout(r.Year)
}

// year formats a report year, "" when unknown.
func year(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
