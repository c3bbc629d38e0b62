package render

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown converts report narratives. The safe converter shows raw HTML
// as text (escaped, so a report can quote markup without running it) and
// drops dangerous link destinations such as javascript:; the unsafe one is
// for reports whose front matter sets allow_html.
type Markdown struct {
	safe, unsafe goldmark.Markdown
}

// NewMarkdown returns the two converters.
func NewMarkdown() *Markdown {
	opts := func(unsafe bool) goldmark.Markdown {
		ropts := []renderer.Option{}
		if unsafe {
			ropts = append(ropts, html.WithUnsafe())
		} else {
			ropts = append(ropts, renderer.WithNodeRenderers(util.Prioritized(escapeHTML{}, 100)))
		}
		return goldmark.New(
			goldmark.WithExtensions(extension.Table, extension.Strikethrough),
			goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(narrative{}, 100))),
			goldmark.WithRendererOptions(ropts...),
		)
	}
	return &Markdown{safe: opts(false), unsafe: opts(true)}
}

// Convert renders Markdown to HTML.
func (m *Markdown) Convert(src string, allowHTML bool) (template.HTML, error) {
	md := m.safe
	if allowHTML {
		md = m.unsafe
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	return template.HTML(buf.String()), nil
}

// narrative adapts a section body to its place on the page: headings
// start at level 3 (the page uses 1 and 2), and passages written in
// traditional characters are marked lang="zh-Hant".
type narrative struct{}

func (narrative) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unlink []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if html.IsDangerousURL(l.Destination) {
				unlink = append(unlink, l)
			}
		case *ast.Image:
			if html.IsDangerousURL(l.Destination) {
				unlink = append(unlink, l)
			}
		case *ast.AutoLink:
			if html.IsDangerousURL(l.URL(src)) {
				unlink = append(unlink, l)
			}
		}
		return ast.WalkContinue, nil
	})
	// A link or image to javascript: and the like keeps its text (an
	// image its alt text, an autolink its address) and loses the link.
	for _, l := range unlink {
		parent := l.Parent()
		if a, ok := l.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, l, ast.NewString(a.Label(src)))
			continue
		}
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level < 3 {
				n.Level = 3
			}
			markHant(n, src)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph:
			markHant(n, src)
			return ast.WalkSkipChildren, nil
		case *ast.TextBlock:
			// Tight list items hold text blocks, which carry no
			// attributes: mark the item instead.
			if li, ok := n.Parent().(*ast.ListItem); ok {
				markHant(li, src)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

func markHant(n ast.Node, src []byte) {
	if IsTraditional(string(plainText(n, src))) {
		n.SetAttributeString("lang", []byte("zh-Hant"))
	}
}

// plainText collects the text of a node's inline content.
func plainText(n ast.Node, src []byte) []byte {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b = append(b, t.Segment.Value(src)...)
		}
		if tb, ok := c.(*ast.TextBlock); ok && entering && c != n {
			lines := tb.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b = append(b, seg.Value(src)...)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b
}

// escapeHTML renders raw HTML (inline and blocks) as escaped text.
type escapeHTML struct{}

func (escapeHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		_, _ = w.WriteString("<p>")
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
		if b.HasClosure() {
			_, _ = w.Write(util.EscapeHTML(b.ClosureLine.Value(src)))
		}
		_, _ = w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
}
