package importer

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// converted is a document turned into text for Text: Lines[i] is output
// line i+1, Places[i] says where it came from in the input ("line 123" for
// HTML source lines, "paragraph 17" / "table 2, row 5, cell 3" for .docx).
type converted struct {
	Lines  []string
	Places []string
}

// lineBreaks are what Text would read as line breaks inside a line (&#13;
// in a page, say): they become spaces, so output line i+1 stays Lines[i].
var lineBreaks = strings.NewReplacer("\r", " ", "\n", " ", "\v", " ", "\f", " ")

func (c *converted) add(line, place string) {
	c.Lines = append(c.Lines, lineBreaks.Replace(line))
	c.Places = append(c.Places, place)
}

// Text is the converted document as the text importer reads it.
func (c converted) Text() []byte {
	if len(c.Lines) == 0 {
		return nil
	}
	return []byte(strings.Join(c.Lines, "\n") + "\n")
}

// Source lines travel through the HTML parser, which keeps no positions, as
// markers in the text: markOpen, the line number, markClose. The page's own
// characters at these private-use code points are dropped first.
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// htmlToText turns a web page (UTF-8) into lines for Text: the page's
// navigation, scripts and share bars go (see dropped and chromeLine),
// every element that is not inline makes a line, and each table is laid
// out as a grid and written one cell a line (see grid.emit).
func htmlToText(src []byte) (converted, error) {
	if !utf8.Valid(src) {
		return converted{}, ErrNotUTF8
	}
	s := strings.NewReplacer("\r\n", "\n", "\r", "\n", string(markOpen), "", string(markClose), "").Replace(string(src))
	doc, err := html.Parse(strings.NewReader(markLines(s)))
	if err != nil {
		return converted{}, err
	}
	f := &flow{budget: maxWork, holds: map[*html.Node]int{}, layout: map[*html.Node]bool{}}
	f.survey(doc, nil)
	f.walk(doc, false)
	f.flush()
	if f.err != nil {
		return converted{}, f.err
	}
	return f.out, nil
}

// markLines puts a line marker before each source line of every text token
// that holds more than whitespace. Whitespace-only text is left alone, so
// the parser builds the same tree as from the page itself.
func markLines(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	line := 1
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		raw := z.Raw()
		if tt != html.TextToken || len(bytes.Trim(raw, " \t\n\f")) == 0 {
			b.Write(raw)
			line += bytes.Count(raw, []byte{'\n'})
			continue
		}
		for i, seg := range bytes.SplitAfter(raw, []byte{'\n'}) {
			if i > 0 {
				line++
			}
			if len(bytes.Trim(seg, " \t\n\f")) > 0 {
				fmt.Fprintf(&b, "%c%d%c", markOpen, line, markClose)
			}
			b.Write(seg)
		}
	}
	return b.String()
}

// flow collects the lines of the page in reading order.
type flow struct {
	out    converted
	cur    strings.Builder
	place  string              // where cur's first character came from
	mark   string              // the last marker read
	gap    rune                // whitespace pending: ' ', or '\n' for a wrapped source line
	last   rune                // the last character written
	pre    int                 // depth of <pre>
	cell   bool                // reading a table cell: no line is chrome
	budget int                 // slots the page's tables may still visit
	holds  map[*html.Node]int  // what elements hold: holdsReport, holdsTitle
	layout map[*html.Node]bool // tables holding tables: page layout, not data
	err    error
}

// survey marks, in one pass, what elements hold (see dropped) and the
// tables that hold other tables.
func (f *flow) survey(n *html.Node, table *html.Node) int {
	holds := 0
	switch {
	case n.DataAtom == atom.Table || n.DataAtom == atom.H1:
		holds = holdsReport
		if n.DataAtom == atom.Table && table != nil {
			f.layout[table] = true
		}
	case n.Type == html.TextNode && strings.Contains(n.Data, "。"):
		holds = holdsReport
	case n.Type == html.TextNode && strings.Contains(n.Data, "年度报告"):
		holds = holdsTitle
	}
	if n.DataAtom == atom.Table {
		table = n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		holds |= f.survey(c, table)
	}
	if holds != 0 && n.Type == html.ElementNode {
		f.holds[n] = holds
	}
	return holds
}

// What an element holds, for dropped: a table, a top heading or running
// text; a report's title (…年度报告).
const (
	holdsReport = 1 << iota
	holdsTitle
)

// text adds text to the current line: whitespace runs (no-break and
// full-width spaces included) become one space, none where the source
// wraps a line between Chinese characters; markers update the place.
func (f *flow) text(s string) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == markOpen:
			if j := strings.IndexRune(s[i:], markClose); j >= 0 {
				f.mark = "line " + s[i:i+j]
				i += j + utf8.RuneLen(markClose)
			}
		case r == markClose || r == '\u200b' || r == '\ufeff':
		case r == '\n' && f.pre > 0:
			f.flush()
		case r == '\n' && f.cur.Len() > 0:
			f.gap = '\n'
		case r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\u00a0' || r == '\u3000':
			if f.cur.Len() > 0 && f.gap == 0 {
				f.gap = ' '
			}
		default:
			if f.cur.Len() == 0 {
				f.place = f.mark
			} else if f.gap == ' ' || f.gap == '\n' && !(wide(f.last) && wide(r)) {
				f.cur.WriteByte(' ')
			}
			f.cur.WriteRune(r)
			f.gap, f.last = 0, r
		}
	}
}

// flush ends the current line; chrome lines (打印, 关闭, breadcrumbs) go.
func (f *flow) flush() {
	t := strings.TrimSpace(f.cur.String())
	f.cur.Reset()
	f.gap = 0
	if t != "" && (f.cell || !chromeLine(t)) {
		f.out.add(t, f.place)
	}
}

var inline = map[atom.Atom]bool{
	atom.A: true, atom.Span: true, atom.B: true, atom.Strong: true, atom.I: true, atom.Em: true, atom.U: true,
	atom.Font: true, atom.Sub: true, atom.Sup: true, atom.Small: true, atom.Big: true, atom.Label: true,
	atom.Abbr: true, atom.Cite: true, atom.Code: true, atom.Mark: true, atom.Q: true, atom.S: true,
	atom.Strike: true, atom.Time: true, atom.Var: true, atom.Ins: true, atom.Del: true, atom.Img: true,
	atom.Wbr: true, atom.Nobr: true, atom.Tt: true, atom.Kbd: true, atom.Samp: true, atom.Dfn: true,
	atom.Bdi: true, atom.Bdo: true, atom.Ruby: true, atom.Rt: true, atom.Rp: true, atom.Data: true,
}

// walk adds a node's text: every element not inline starts and ends a
// line. inArticle says the node is inside <article> or <main>, where
// <header> and <footer> belong to the report.
func (f *flow) walk(n *html.Node, inArticle bool) {
	if f.err != nil {
		return
	}
	switch n.Type {
	case html.TextNode:
		f.text(n.Data)
		return
	case html.ElementNode:
		if f.dropped(n, inArticle) {
			return
		}
		inArticle = inArticle || n.DataAtom == atom.Article || n.DataAtom == atom.Main
		switch {
		case n.DataAtom == atom.Table && !f.layout[n]:
			f.flush()
			if g, err := f.table(n); err != nil {
				f.err = err
			} else {
				g.emit(&f.out)
			}
			return
		case n.DataAtom == atom.Pre:
			f.pre++
			defer func() { f.pre-- }()
		}
		if !inline[n.DataAtom] && strings.IndexByte(n.Data, ':') < 0 { // Word's <o:p> is inline
			f.flush()
			defer f.flush()
		}
	case html.DocumentNode:
	default:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		f.walk(c, inArticle)
	}
}

// table lays a table out in a grid: rowspan="0" or past the last row runs
// to the last row; colspan is at most 1000, as HTML says.
func (f *flow) table(t *html.Node) (*grid, error) {
	var rows []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Caption:
			f.walk(c, true)
		case atom.Tr:
			rows = append(rows, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.DataAtom == atom.Tr {
					rows = append(rows, r)
				}
			}
		}
	}
	g := &grid{budget: &f.budget}
	for r, tr := range rows {
		col := 0
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.DataAtom != atom.Td && td.DataAtom != atom.Th {
				continue
			}
			text, place := f.cellText(td)
			rs, cs := spanAttr(td, "rowspan"), min(max(spanAttr(td, "colspan"), 1), maxSpan)
			if rs <= 0 || rs > len(rows)-r {
				rs = len(rows) - r
			}
			col = g.nextFree(r, col)
			if err := g.put(r, col, rs, cs, &tcell{text, place}, false); err != nil {
				return nil, fmt.Errorf("table at %s: %w", place, err)
			}
			col += cs
		}
	}
	return g, nil
}

// cellText reads a table cell: its lines joined (see joinWrapped) and the
// place of the first.
func (f *flow) cellText(td *html.Node) (string, string) {
	sub := &flow{mark: f.mark, cell: true, holds: f.holds, layout: f.layout}
	for c := td.FirstChild; c != nil; c = c.NextSibling {
		sub.walk(c, true)
	}
	sub.flush()
	f.mark = sub.mark
	if len(sub.out.Lines) == 0 {
		return "", sub.mark // an empty cell: the last place read
	}
	return joinWrapped(sub.out.Lines), sub.out.Places[0]
}

func spanAttr(n *html.Node, name string) int {
	for _, a := range n.Attr {
		if a.Key == name {
			v, err := strconv.Atoi(strings.TrimSpace(strings.Map(dropMarks, a.Val)))
			if err != nil {
				return 1
			}
			return min(v, 1<<20)
		}
	}
	return 1
}

func dropMarks(r rune) rune {
	if r == markOpen || r == markClose {
		return -1
	}
	return r
}

// joinWrapped joins the lines of a cell, with a space only where neither
// side is a Chinese character (本年新 / 制作数量 → 本年新制作数量).
func joinWrapped(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			a, _ := utf8.DecodeLastRuneInString(lines[i-1])
			z, _ := utf8.DecodeRuneInString(l)
			if !wide(a) && !wide(z) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}
