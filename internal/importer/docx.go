package importer

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxDocumentXML bounds word/document.xml unpacked: a zip bomb is refused.
const maxDocumentXML = 64 << 20

// docxToText turns a .docx file into lines for Text: each paragraph of the
// body a line (a line break in it starts another), each table laid out as
// a grid (w:gridSpan, w:vMerge) and emitted as HTML tables are. Deleted and
// moved-away text, field codes and bookmarks leave nothing; inserted text
// stays.
func docxToText(src []byte) (converted, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return converted{}, fmt.Errorf("not a .docx file: %w", err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		return converted{}, fmt.Errorf("not a .docx file: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxDocumentXML+1))
	f.Close()
	if err == nil && len(data) > maxDocumentXML {
		err = fmt.Errorf("more than %d bytes unpacked", maxDocumentXML)
	}
	if err != nil {
		return converted{}, fmt.Errorf("word/document.xml: %w", err)
	}
	x := &docx{d: xml.NewDecoder(bytes.NewReader(data)), budget: maxWork}
	if err := x.body(); err != nil {
		return converted{}, fmt.Errorf("word/document.xml: %w", err)
	}
	return x.out, nil
}

// docx reads word/document.xml as a stream of tokens, without recursion:
// elements it does not know (w:body, w:sdt, w:ins, w:hyperlink, w:r …) are
// looked through, those in skipped are passed over whole.
type docx struct {
	d             *xml.Decoder
	out           converted
	paras, tables int
	fields        []bool // open complex fields: true while in the field code
	budget        int    // grid slots the tables may still visit
}

// textSpaces are characters of w:t shown as spaces; a line break there is
// not one (w:br is).
var textSpaces = strings.NewReplacer("\u00a0", " ", "\r", " ", "\n", " ")

var skipped = map[string]bool{
	"del": true, "moveFrom": true, "instrText": true, "delText": true, "delInstrText": true, "pPr": true,
	"rPr": true, "tblPr": true, "tblGrid": true, "sectPr": true, "Fallback": true, "sym": true,
	"footnoteReference": true, "endnoteReference": true, "commentReference": true,
}

func (x *docx) body() error {
	for {
		t, err := x.d.Token()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		se, ok := t.(xml.StartElement)
		switch {
		case !ok:
		case se.Name.Local == "p":
			x.paras++
			ls, err := x.para()
			if err != nil {
				return err
			}
			for _, l := range ls {
				x.out.add(l, fmt.Sprintf("paragraph %d", x.paras))
			}
		case se.Name.Local == "tbl":
			if err := x.table(); err != nil {
				return err
			}
		case skipped[se.Name.Local]:
			if err := x.d.Skip(); err != nil {
				return err
			}
		}
	}
}

// para reads a paragraph up to its end tag, as lines: the text of w:t, a
// tab for w:tab, a new line for w:br, w:cr and a paragraph nested in it (a
// text box); a no-break space is a space, and blank lines are left out.
func (x *docx) para() ([]string, error) {
	var b strings.Builder
	depth, inT := 0, false
	for {
		t, err := x.d.Token()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			switch n := t.Name.Local; {
			case skipped[n]:
				if err := x.d.Skip(); err != nil {
					return nil, err
				}
				continue
			case n == "t":
				inT = true
			case n == "tab" || n == "ptab":
				b.WriteByte('\t')
			case n == "br" || n == "cr" || n == "p":
				b.WriteByte('\n')
			case n == "noBreakHyphen":
				b.WriteByte('-')
			case n == "fldChar":
				x.field(attr(t, "fldCharType"))
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				var out []string
				for _, l := range strings.Split(b.String(), "\n") {
					if l = strings.Trim(l, " \t\u3000"); l != "" {
						out = append(out, l)
					}
				}
				return out, nil
			}
			depth--
			inT = inT && t.Name.Local != "t"
		case xml.CharData:
			if inT && !x.inFieldCode() {
				b.WriteString(textSpaces.Replace(string(t)))
			}
		}
	}
}

// field follows complex fields (w:fldChar begin … separate … end): the
// field code between begin and separate is left out, the result kept.
func (x *docx) field(kind string) {
	n := len(x.fields)
	switch {
	case kind == "begin" && n < 64:
		x.fields = append(x.fields, true)
	case kind == "separate" && n > 0:
		x.fields[n-1] = false
	case kind == "end" && n > 0:
		x.fields = x.fields[:n-1]
	}
}

func (x *docx) inFieldCode() bool {
	for _, code := range x.fields {
		if code {
			return true
		}
	}
	return false
}

// table reads a w:tbl into a grid and emits it: w:gridBefore skips
// columns, w:gridSpan widens a cell, a w:vMerge that does not restart
// continues the cell above (w:hMerge the cell on the left): a merged cell
// is one cell, written once.
func (x *docx) table() error {
	x.tables++
	g := &grid{budget: &x.budget}
	row, col, cells, depth := 0, 0, 0, 0
	for {
		t, err := x.d.Token()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			switch n := t.Name.Local; {
			case n == "tr":
				if cells > 0 || col > 0 {
					row++
				}
				col, cells = 0, 0
			case n == "gridBefore":
				col += min(max(atoi(attr(t, "val")), 0), maxSpan)
			case n == "tc":
				cells++
				place := fmt.Sprintf("table %d, row %d, cell %d", x.tables, row+1, cells)
				c, err := x.cell(place)
				if err != nil {
					return err
				}
				var merged *tcell
				if c.vMerge == "continue" && row > 0 && row-1 < len(g.rows) && col < len(g.rows[row-1]) {
					merged = g.rows[row-1][col].c
				} else if c.hMerge == "continue" && row < len(g.rows) && col > 0 && col <= len(g.rows[row]) {
					merged = g.rows[row][col-1].c
				}
				span := min(max(c.span, 1), maxSpan)
				if merged != nil {
					err = g.put(row, col, 1, span, merged, true)
				} else {
					err = g.put(row, col, 1, span, &c.tcell, false)
				}
				if err != nil {
					return fmt.Errorf("%s: %w", place, err)
				}
				col += span
				continue
			case skipped[n]:
				if err := x.d.Skip(); err != nil {
					return err
				}
				continue
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				g.emit(&x.out)
				return nil
			}
			depth--
		}
	}
}

type docCell struct {
	tcell
	span           int
	vMerge, hMerge string // "restart" or "continue"; "" when not merged
}

// cell reads a w:tc up to its end tag: its properties and its paragraphs'
// lines (those of a table nested in it included), joined.
func (x *docx) cell(place string) (docCell, error) {
	c := docCell{tcell: tcell{place: place}, span: 1}
	var lines []string
	depth, inPr := 0, false
	for {
		t, err := x.d.Token()
		if err != nil {
			return c, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			switch n := t.Name.Local; {
			case n == "p" && !inPr:
				ls, err := x.para()
				if err != nil {
					return c, err
				}
				lines = append(lines, ls...)
				continue
			case skipped[n]:
				if err := x.d.Skip(); err != nil {
					return c, err
				}
				continue
			case n == "tcPr" && depth == 0:
				inPr = true
			case inPr && n == "gridSpan":
				c.span = atoi(attr(t, "val"))
			case inPr && n == "vMerge":
				c.vMerge = cmp.Or(attr(t, "val"), "continue")
			case inPr && n == "hMerge":
				c.hMerge = cmp.Or(attr(t, "val"), "continue")
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				c.text = joinWrapped(lines)
				return c, nil
			}
			if depth--; depth == 0 {
				inPr = false
			}
		}
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 1
	}
	return min(n, 1<<20)
}
