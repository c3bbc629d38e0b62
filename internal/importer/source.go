package importer

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// Formats File recognises.
const (
	FormatText = "text"
	FormatHTML = "html"
	FormatDocx = "docx"
	FormatPDF  = "pdf"
)

// Extensions lists the file name extensions File reads, for walking folders.
var Extensions = []string{".txt", ".text", ".md", ".htm", ".html", ".docx", ".pdf"}

// File imports a report from a file as it circulates: plain text in UTF-8,
// UTF-16 or GB18030/GBK, an HTML page, a .docx document or a PDF. The form
// is told from the content (a PDF or ZIP signature, HTML markup), the name
// only breaking ties. Problems found in a converted document carry the
// place in the input they come from (a source line of the page, a
// paragraph or table cell of the document).
func File(ctx context.Context, name string, src []byte, opt Options) (*Result, error) {
	format := Sniff(name, src)
	var (
		text []byte
		conv *converted
		note string
	)
	switch format {
	case FormatPDF:
		s, err := pdfToText(ctx, src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		text, note = []byte(s), "PDF, pdftotext -layout"
	case FormatDocx:
		c, err := docxToText(src)
		if err != nil {
			return nil, fmt.Errorf("%s: reading .docx: %w", name, err)
		}
		conv, note = &c, ".docx"
	default:
		decoded, enc, err := decodeText(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		note = enc
		if format == FormatHTML {
			c, err := htmlToText(decoded)
			if err != nil {
				return nil, fmt.Errorf("%s: reading HTML: %w", name, err)
			}
			conv, note = &c, "HTML, "+enc
		} else {
			text = decoded
		}
	}
	if conv != nil {
		text = conv.Text()
	}
	res, err := Text(name, text, opt)
	if err != nil {
		return nil, err
	}
	res.Format = format
	res.Report.Source.Note += " (" + note + ")"
	if conv != nil {
		for i, p := range res.Problems {
			if p.Line > 0 && p.Line <= len(conv.Places) {
				res.Problems[i].Place = conv.Places[p.Line-1]
				res.Problems[i].Line = 0
			}
		}
	}
	return res, nil
}

// Sniff tells the form of an input from its first bytes, then its name.
func Sniff(name string, src []byte) string {
	head := src[:min(len(src), 1024)]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return FormatPDF
	case bytes.HasPrefix(src, []byte("PK\x03\x04")):
		return FormatDocx
	}
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".htm" || ext == ".html" || looksLikeHTML(src) {
		return FormatHTML
	}
	return FormatText
}

// looksLikeHTML finds HTML markup at the start of a text in any of the
// encodings File reads (UTF-16 spreads the ASCII of a tag over two bytes).
func looksLikeHTML(src []byte) bool {
	head := bytes.ToLower(bytes.ReplaceAll(src[:min(len(src), 4096)], []byte{0}, nil))
	head = bytes.TrimLeft(bytes.TrimPrefix(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), []byte("\xff\xfe")), " \t\r\n\xfe\xff")
	if !bytes.HasPrefix(head, []byte("<")) {
		return false
	}
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<table", "<div", "<p>", "<meta"} {
		if bytes.Contains(head, []byte(tag)) {
			return true
		}
	}
	return false
}
