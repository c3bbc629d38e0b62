package opendata

import (
	"fmt"
	"io"

	"sitegen/internal/report"
)

// reportWidth is the number of fields on every line of a report CSV: the
// widest block, section 三 (three label columns and seven applicant ones).
const reportWidth = 3 + 7

// ReportCSV writes one report as a CSV laid out like the national form
// (see the package documentation). a may be nil; the agency is then named
// by its key.
func ReportCSV(w io.Writer, r *report.Report, a *report.Agency) error {
	t, err := newTable(w, reportWidth)
	if err != nil {
		return fmt.Errorf("report CSV %s: %w", r.File, err)
	}
	reportHeader(t, r, a)
	reportTable2(t, r)
	reportTable3(t, r)
	reportTable4(t, r)
	if err := t.close(); err != nil {
		return fmt.Errorf("report CSV %s: %w", r.File, err)
	}
	return nil
}

func reportHeader(t *table, r *report.Report, a *report.Agency) {
	name := r.Agency
	if a != nil {
		name = a.DisplayName()
	}
	t.text("机关", name)
	t.end()
	t.text("年度")
	t.raw(year(r.Year))
	t.end()
	for _, kv := range [][2]string{{"标题", r.Title}, {"发布日期", r.Published}, {"版式", r.Layout()}} {
		t.text(kv[0], kv[1])
		t.end()
	}
}

// heading writes an empty line and the heading of a table's section.
func heading(t *table, table int) {
	t.end()
	for _, s := range report.Sections {
		if s.Table == table {
			t.text(s.Heading())
		}
	}
	t.end()
}

func reportTable2(t *table, r *report.Report) {
	heading(t, 2)
	item := ""
	for _, def := range report.Table2Rows[table2Layout(r)] {
		if def.Item != item {
			item = def.Item
			t.text(item)
			t.end()
			t.text("信息内容")
			for _, col := range def.Columns {
				t.text(col.Label)
				if col.Kind == report.Money {
					t.text("单位")
				}
			}
			t.end()
		}
		t.text(def.Label)
		for _, col := range def.Columns {
			value, unit, _ := amount(r.Table2.Get(def.Label, col.Label), col)
			t.raw(value)
			if col.Kind == report.Money {
				t.text(unit)
			}
		}
		t.end()
	}
	if r.Table2 == nil || len(r.Table2.Extra) == 0 {
		return
	}
	t.text("增列")
	t.end()
	t.text("信息内容", "数值", "单位")
	t.end()
	for _, x := range r.Table2.Extra {
		t.text(x.Label)
		t.num(x.Cell)
		t.text(x.Cell.Unit)
		t.end()
	}
}

func reportTable3(t *table, r *report.Report) {
	heading(t, 3)
	t.text("项目", "办理结果", "细项")
	t.text(report.Table3Columns...)
	t.end()
	for _, def := range report.Table3Rows[table3Layout(r)] {
		switch {
		case !def.Outcome:
			t.text(def.Label, "", "")
		case def.Group == "":
			t.text(report.RowResults, def.Label, "")
		default:
			t.text(report.RowResults, def.Group, def.Label)
		}
		for col := range report.Table3Columns {
			t.num(r.Table3.Get(def.Key, col))
		}
		t.end()
	}
}

// suitKind is the heading the form puts over table 四's two lawsuit groups.
const suitKind = "行政诉讼"

// table4Kind gives the two label columns of a group of table 四.
func table4Kind(g int) (kind, group string) {
	if g == report.GroupReview {
		return report.Table4Groups[g], ""
	}
	return suitKind, report.Table4Groups[g]
}

func reportTable4(t *table, r *report.Report) {
	heading(t, 4)
	t.text("类别", "分组")
	t.text(report.Table4Columns...)
	t.end()
	for g := range report.Table4Groups {
		t.text(table4Kind(g))
		for col := range report.Table4Columns {
			t.num(r.Table4.Get(g, col))
		}
		t.end()
	}
}
