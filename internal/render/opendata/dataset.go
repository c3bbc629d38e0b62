package opendata

import (
	"errors"
	"fmt"
	"io"

	"sitegen/internal/report"
)

// Row is one report of a dataset with its agency (nil when the record is
// missing).
type Row struct {
	Report *report.Report
	Agency *report.Agency
}

// IdentityColumns start every line of the dataset CSVs.
var IdentityColumns = []string{"agency_key", "agency", "province", "city", "district", "level", "year", "layout"}

// Table2Header, Table3Header and Table4Header are the header lines of the
// three dataset CSVs.
var (
	Table2Header = concat(IdentityColumns, []string{"item", "row", "column", "value", "unit", "value_yuan"})
	Table3Header = concat(IdentityColumns, []string{"row_key", "group", "row"}, report.Table3Columns)
	Table4Header = concat(IdentityColumns, []string{"group"}, report.Table4Columns)
)

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var errNoReport = errors.New("a dataset row without a report")

// Table2CSV writes table 二 of every report in long form: one line per
// report × row × column of the table's layout, then one per extra row.
func Table2CSV(w io.Writer, rows []Row) error {
	return dataset(w, "table 二", Table2Header, rows, func(t *table, r *report.Report, id []string) {
		tb := r.Table2
		if tb == nil {
			return
		}
		for _, def := range report.Table2Rows[tb.Layout] {
			cells, ok := tb.Rows[def.Label]
			if !ok {
				continue
			}
			for _, col := range def.Columns {
				value, unit, yuan := amount(cells[col.Label], col)
				t.raw(id...)
				t.text(def.Item, def.Label, col.Label)
				t.raw(value)
				t.text(unit)
				t.raw(yuan)
				t.end()
			}
		}
		for _, x := range tb.Extra {
			value, unit, yuan := amount(x.Cell, report.Column{Label: x.Label, Kind: extraKind(x.Cell)})
			t.raw(id...)
			t.text("", x.Label, "")
			t.raw(value)
			t.text(unit)
			t.raw(yuan)
			t.end()
		}
	})
}

// extraKind treats an extra row written with a unit as an amount.
func extraKind(c report.Cell) report.CellKind {
	if c.Unit != "" {
		return report.Money
	}
	return report.Count
}

// Table3CSV writes table 三 of every report: one line per report × row of
// the table's layout, with the seven applicant columns.
func Table3CSV(w io.Writer, rows []Row) error {
	return dataset(w, "table 三", Table3Header, rows, func(t *table, r *report.Report, id []string) {
		tb := r.Table3
		if tb == nil {
			return
		}
		for _, def := range report.Table3Rows[tb.Layout] {
			t.raw(id...)
			t.text(def.Key, def.Group, def.Label)
			for col := range report.Table3Columns {
				t.num(tb.Get(def.Key, col))
			}
			t.end()
		}
	})
}

// Table4CSV writes table 四 of every report: one line per report × group,
// with the five result columns.
func Table4CSV(w io.Writer, rows []Row) error {
	return dataset(w, "table 四", Table4Header, rows, func(t *table, r *report.Report, id []string) {
		tb := r.Table4
		if tb == nil {
			return
		}
		for g, label := range report.Table4Groups {
			t.raw(id...)
			t.text(label)
			for col := range report.Table4Columns {
				t.num(tb.Get(g, col))
			}
			t.end()
		}
	})
}

// dataset writes the header, then each report's lines, stopping at the
// first write error.
func dataset(w io.Writer, what string, header []string, rows []Row, each func(t *table, r *report.Report, id []string)) error {
	t, err := newTable(w, 0)
	if err != nil {
		return fmt.Errorf("%s CSV: %w", what, err)
	}
	t.text(header...)
	t.end()
	for i, row := range rows {
		if row.Report == nil {
			return fmt.Errorf("%s CSV: row %d: %w", what, i, errNoReport)
		}
		if t.err != nil {
			break
		}
		each(t, row.Report, identity(row))
	}
	if err := t.close(); err != nil {
		return fmt.Errorf("%s CSV: %w", what, err)
	}
	return nil
}

// identity gives the fields naming a report (IdentityColumns), text
// neutralised, once for all of its lines.
func identity(row Row) []string {
	r, a := row.Report, row.Agency
	id := make([]string, 0, len(IdentityColumns))
	id = append(id, Neutralise(r.Agency))
	if a != nil {
		for _, s := range []string{a.DisplayName(), a.Region.Province, a.Region.City, a.Region.District, a.Level} {
			id = append(id, Neutralise(s))
		}
	} else {
		id = append(id, "", "", "", "", "")
	}
	return append(id, year(r.Year), Neutralise(r.Layout()))
}

// FiguresHeader is the header line of FiguresCSV.
var FiguresHeader = func() []string {
	h := []string{"agency_key", "agency", "year"}
	for _, k := range report.KeyFigures {
		h = append(h, k.Label)
	}
	return h
}()

// FiguresCSV writes the key figures of each report (report.KeyFigures,
// comparable across the two layouts): one line per report.
func FiguresCSV(w io.Writer, rows []Row) error {
	t, err := newTable(w, 0)
	if err != nil {
		return fmt.Errorf("figures CSV: %w", err)
	}
	t.text(FiguresHeader...)
	t.end()
	for i, row := range rows {
		if row.Report == nil {
			return fmt.Errorf("figures CSV: row %d: %w", i, errNoReport)
		}
		if t.err != nil {
			break
		}
		t.text(row.Report.Agency, row.Agency.DisplayName())
		t.raw(year(row.Report.Year))
		for _, k := range report.KeyFigures {
			t.num(k.Of(row.Report))
		}
		t.end()
	}
	if err := t.close(); err != nil {
		return fmt.Errorf("figures CSV: %w", err)
	}
	return nil
}
