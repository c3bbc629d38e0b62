package build

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"sitegen/internal/report"
	"sitegen/search"
)

// writeSearch builds the search index of every report section and its
// static export into search/ of the staging directory: anew, or, given
// the published search directory prev, by updating its index with the
// sections that changed.
func writeSearch(ctx context.Context, m *model, out *output, prev string) error {
	dir := filepath.Join(out.root, "search")
	var st *search.Stats
	var err error
	if prev == "" {
		st, err = search.Build(ctx, searchDocs(m), dir)
	} else {
		st, err = search.Update(ctx, searchDocs(m), prev, dir)
	}
	if err != nil {
		return err
	}
	out.search = st
	out.files.Add(int64(st.Files + st.IndexFiles))
	out.bytes.Add(st.Bytes + st.IndexBytes)
	return nil
}

// searchDocs makes a search document of every section of every report:
// the text before the first heading, the narrative sections, the table
// sections (their labels, and any text under their headings), and the
// sections a report lacks (their headings).
func searchDocs(m *model) []search.Doc {
	var docs []search.Doc
	for _, n := range m.reports {
		r, a := n.Report, n.agency
		base := search.Doc{
			Title:  a.DisplayName() + " " + strconv.Itoa(r.Year) + "年",
			Agency: strings.Join(append([]string{a.DisplayName()}, a.Aliases...), "\n"),
			Region: a.Region.Path(),
			Year:   r.Year,
			Level:  a.Level,
			Layout: r.Layout(),
		}
		if pre := r.Section(""); pre != nil && strings.TrimSpace(pre.Body) != "" {
			d := base
			d.URL, d.Section, d.Text = reportPath(r)+"#preamble", "", plainText(pre.Body)
			docs = append(docs, d)
		}
		// Every standard section: the page prints each heading, a
		// missing one with a note that the report lacks it.
		for i, def := range report.Sections {
			s := r.Section(def.Num)
			labels := tableLabels(r, def.Table)
			d := base
			d.URL, d.Order, d.Section, d.Labels = reportPath(r)+"#"+sectionID(def.Num), i+1, def.Heading(), labels
			if s != nil {
				if s.Title != "" {
					d.Section = s.Title
				}
				d.Text = plainText(s.Body)
			}
			docs = append(docs, d)
		}
	}
	return docs
}

// tableLabels lists the labels of a table the report has: its rows, as the
// form prints them, and its columns.
func tableLabels(r *report.Report, table int) []string {
	var out []string
	switch table {
	case 2:
		if r.Table2 == nil {
			return nil
		}
		seen := map[string]bool{}
		for _, row := range report.Table2Rows[r.Table2.Layout] {
			out = append(out, row.Label)
			for _, c := range row.Columns {
				if !seen[c.Label] {
					seen[c.Label] = true
					out = append(out, c.Label)
				}
			}
		}
		for _, e := range r.Table2.Extra {
			out = append(out, e.Label)
		}
	case 3:
		if r.Table3 == nil {
			return nil
		}
		group := ""
		for _, row := range report.Table3Rows[r.Table3.Layout] {
			if row.Group != "" && row.Group != group {
				out = append(out, row.Group)
			}
			group = row.Group
			out = append(out, row.Label)
		}
		out = append(out, report.Table3Columns...)
	case 4:
		if r.Table4 == nil {
			return nil
		}
		out = append(out, "行政复议", "行政诉讼")
		out = append(out, report.Table4Groups[1:]...)
		out = append(out, report.Table4Columns...)
	}
	return out
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainText returns the text of a Markdown narrative, a line per block.
func plainText(src string) string {
	md := goldmark.New()
	b := []byte(src)
	doc := md.Parser().Parse(text.NewReader(b))
	var sb strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Text:
			if entering {
				sb.Write(n.Segment.Value(b))
				if n.SoftLineBreak() || n.HardLineBreak() {
					sb.WriteByte('\n')
				}
			}
		case *ast.String:
			if entering {
				sb.Write(n.Value)
			}
		case *ast.CodeSpan:
			if entering {
				for c := n.FirstChild(); c != nil; c = c.NextSibling() {
					if t, ok := c.(*ast.Text); ok {
						sb.Write(t.Segment.Value(b))
					}
				}
				return ast.WalkSkipChildren, nil
			}
		case *ast.RawHTML:
			if entering {
				for i := 0; i < n.Segments.Len(); i++ {
					s := n.Segments.At(i)
					sb.WriteString(tagRE.ReplaceAllString(string(s.Value(b)), ""))
				}
			}
		case *ast.HTMLBlock, *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					s := lines.At(i)
					sb.WriteString(tagRE.ReplaceAllString(string(s.Value(b)), ""))
				}
				sb.WriteByte('\n')
				return ast.WalkSkipChildren, nil
			}
		default:
			if !entering && n.Type() == ast.TypeBlock {
				sb.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(sb.String())
}

type searchView struct {
	Reports int
	Facets  []struct{ Name, Label string }
}

// searchPage is the search page: a form the client wires, and, without
// JavaScript, where to browse instead.
func (v *views) searchPage() (*Page, error) {
	sv := &searchView{Reports: len(v.m.reports)}
	labels := map[string]string{"year": "年度", "region": "省份", "level": "层级", "layout": "报告格式"}
	for _, f := range search.Facets {
		sv.Facets = append(sv.Facets, struct{ Name, Label string }{f.Name, labels[f.Name]})
	}
	return &Page{Title: "搜索", Nav: "search", Scripts: []string{"js/search.js"},
		Desc: "在全部政府信息公开工作年度报告中搜索：正文、表格栏目、机关名称和地区。", Data: sv}, nil
}
