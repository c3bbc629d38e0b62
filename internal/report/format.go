package report

import (
	"fmt"
	"strconv"
	"strings"
)

// Format writes a report as a content file, in the layout
// docs/content-format.md shows: metadata, the three tables with their
// column comments, then the narrative under the standard headings. Tables
// are written in the layout they were read in (Table2.Layout,
// Table3.Layout); a nil table is left out. agencyName goes into the
// leading comment.
func Format(r *Report, agencyName string) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("---\n")
	title := r.Title
	if title == "" {
		title = fmt.Sprintf("%s%d年政府信息公开工作年度报告", agencyName, r.Year)
	}
	w("# %s\n", oneLine(title))
	w("agency: %s\n", r.Agency)
	w("year: %d\n", r.Year)
	w("title: %s\n", yamlString(r.Title))
	w("published: %s\n", yamlString(r.Published))
	w("source:\n  url: %s\n  note: %s\n", yamlString(r.Source.URL), yamlString(r.Source.Note))
	if len(r.Defects) == 0 {
		w("known_defects: []\n")
	} else {
		w("known_defects:\n")
		for _, k := range r.Defects {
			w("  - rule: %s\n", k.Rule)
			if k.At != "" {
				w("    at: %s\n", yamlString(k.At))
			}
			w("    reason: %s\n", yamlString(k.Reason))
		}
	}
	w("allow_html: %t\n", r.AllowHTML)
	if r.Notes != "" {
		w("notes: %s\n", yamlString(r.Notes))
	}
	if t := r.Table2; t != nil {
		w("\n# %s\ntable2:\n", Sections[1].Heading())
		for _, def := range Table2Rows[t.Layout] {
			var cells []string
			for _, col := range def.Columns {
				cells = append(cells, col.Label+": "+formatCell(t.Get(def.Label, col.Label), col.Kind))
			}
			w("  %s: {%s}\n", def.Label, strings.Join(cells, ", "))
		}
		if len(t.Extra) > 0 {
			w("  extra:\n")
			for _, x := range t.Extra {
				w("    %s: %s\n", yamlKey(x.Label), formatCell(x.Cell, Money))
			}
		}
	}
	if t := r.Table3; t != nil {
		w("\n# %s\n# columns: %s\ntable3:\n", Sections[2].Heading(), strings.Join(Table3Columns, ", "))
		inResults, group := false, ""
		for _, def := range Table3Rows[t.Layout] {
			indent := "  "
			if def.Outcome {
				if !inResults {
					w("  %s:\n", RowResults)
					inResults = true
				}
				indent = "    "
				if def.Group != "" {
					if def.Group != group {
						w("    %s:\n", def.Group)
						group = def.Group
					}
					indent = "      "
				}
			}
			w("%s%s: %s\n", indent, yamlKey(def.Label), formatRow(t.Rows[def.Key], len(Table3Columns)))
		}
	}
	if t := r.Table4; t != nil {
		w("\n# %s\n# columns: %s\ntable4:\n", Sections[3].Heading(), strings.Join(Table4Columns, ", "))
		w("  %s: %s\n", Table4Groups[0], formatRow(t.Groups[0], 5))
		w("  行政诉讼:\n")
		w("    %s: %s\n", Table4Groups[1], formatRow(t.Groups[1], 5))
		w("    %s: %s\n", Table4Groups[2], formatRow(t.Groups[2], 5))
	}
	w("---\n")
	for _, s := range r.Sections {
		w("\n")
		if s.Num != "" {
			w("## %s\n\n", sectionByNum(s.Num).Heading())
		}
		if s.Body != "" {
			w("%s\n", s.Body)
		}
	}
	return []byte(b.String())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func formatRow(cells []Cell, n int) string {
	out := make([]string, n)
	for i := range out {
		c := Cell{}
		if i < len(cells) {
			c = cells[i]
		}
		out[i] = formatCell(c, Count)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func formatCell(c Cell, kind CellKind) string {
	if !c.Set {
		return "null"
	}
	s := strconv.FormatFloat(c.Value, 'f', -1, 64)
	if kind == Change && c.Value > 0 {
		s = "+" + s
	}
	if c.Unit != "" {
		s += " " + c.Unit
	}
	return s
}

// yamlString writes a scalar, quoted when YAML would misread it.
func yamlString(s string) string {
	if s == "" {
		return "null"
	}
	if needsQuote(s) {
		return strconv.Quote(s)
	}
	return s
}

func yamlKey(s string) string {
	if needsQuote(s) {
		return strconv.Quote(s)
	}
	return s
}

func needsQuote(s string) bool {
	if s != strings.TrimSpace(s) || strings.ContainsAny(s, "\n\"'#:{}[],&*!|>%@`") {
		return true
	}
	switch strings.ToLower(s) {
	case "null", "~", "true", "false", "yes", "no", "on", "off":
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	return strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?")
}
