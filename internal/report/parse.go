package report

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// MaxFileSize is the largest content file read. A real report is under
// 100 KB; anything far larger is a mistake, not a report.
const MaxFileSize = 8 << 20

// MaxFrontMatterSize bounds the YAML of a report's front matter and of an
// agency record. A real one is a few KB; the YAML library takes about a
// second and hundreds of MB for each MB it parses.
const MaxFrontMatterSize = 256 << 10

// MaxDepth bounds the nesting of YAML collections (a report's tables nest
// five deep) and of Markdown block quotes and lists on one line: both
// parsers take time or memory growing with the square of the depth, so a
// file of a few hundred KB nesting 100,000 deep takes minutes or tens of
// GB.
const MaxDepth = 32

// Parse reads a report content file. It returns the report as far as it
// could be read and every finding of the file itself (syntax, types, labels,
// structure); the rules are applied by Validate. The report is nil only when
// the file has no usable front matter at all.
func Parse(file string, src []byte) (*Report, []Finding) {
	d := &diags{file: file}
	r := parseReport(d, src)
	return r, d.list
}

func parseReport(d *diags, src []byte) *Report {
	if len(src) > MaxFileSize {
		d.errorf("F1", Pos{1, 1}, "", "a report of some 100 KB (the narrative as text, tables as numbers)",
			"file is larger than %d MB (%d bytes), the most a content file may have", MaxFileSize>>20, MaxFileSize)
		return nil
	}
	if !textFile(d, src) {
		return nil
	}
	src = normalizeText(src)
	fm, body, bodyLine, ok := splitFrontMatter(src)
	if !ok {
		if first, _, _ := strings.Cut(string(src), "\n"); strings.TrimRight(first, " \t\r") == "---" {
			d.errorf("F1", Pos{1, 1}, "", "a line --- closing the front matter before the Markdown body",
				"the front matter opened on line 1 is never closed: the file ends at line %d (truncated?)", lastLine(src))
		} else {
			d.errorf("F1", Pos{1, 1}, "", "a YAML front matter block opened and closed by lines of ---", "no front matter: the file does not start with a line ---")
		}
		return nil
	}
	if len(fm) > MaxFrontMatterSize {
		d.errorf("F1", Pos{1, 1}, "", fmt.Sprintf("front matter of at most %d KB: metadata and tables, the narrative in the Markdown body", MaxFrontMatterSize>>10),
			"front matter (lines 1 to %d) is %d KB", bodyLine-1, len(fm)>>10)
		return nil
	}
	r := &Report{File: d.file, pos: map[string]Pos{}, broken: map[string]bool{}}
	p := &fmParser{d: d, r: r, lineOffset: 1}
	p.parse(fm)
	r.Sections = parseBody(d, body, bodyLine)
	return r
}

// lastLine is the number of the last line of src.
func lastLine(src []byte) int {
	n := bytes.Count(src, []byte("\n"))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return max(n, 1)
}

// textFile reports whether src is UTF-8 text; when it is not, it says why,
// where it can.
func textFile(d *diags, src []byte) bool {
	const expected = "a UTF-8 text file (sitegen import converts GB18030/GBK and UTF-16 text)"
	switch {
	case bytes.HasPrefix(src, []byte("\xff\xfe")) || bytes.HasPrefix(src, []byte("\xfe\xff")):
		d.errorf("F1", Pos{1, 1}, "", expected, "file is UTF-16 text, not UTF-8")
		return false
	case bytes.IndexByte(src, 0) >= 0:
		d.errorf("F1", Pos{1, 1}, "", expected, "a binary file, not text: it holds NUL bytes (first at byte %d)", bytes.IndexByte(src, 0))
		return false
	}
	if utf8.Valid(src) {
		return true
	}
	line, col, end := firstInvalidUTF8(normalizeText(src))
	if end {
		d.errorf("F1", Pos{line, col}, "", expected, "the file ends in the middle of a UTF-8 character (truncated?)")
	} else {
		d.errorf("F1", Pos{line, col}, "", expected, "invalid UTF-8")
	}
	return false
}

// firstInvalidUTF8 returns the position of the first byte that is not
// UTF-8, and whether it starts a character that the end of b cuts short.
func firstInvalidUTF8(b []byte) (line, col int, end bool) {
	line, col = 1, 1
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return line, col, len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		b = b[n:]
	}
	return line, col, false
}

// splitFrontMatter splits `---\n yaml \n---\n body`. bodyLine is the 1-based
// line on which the body starts.
func splitFrontMatter(src []byte) (fm, body []byte, bodyLine int, ok bool) {
	s := string(src)
	first, rest, found := strings.Cut(s, "\n")
	if !found || strings.TrimRight(first, " \t\r") != "---" {
		return nil, nil, 0, false
	}
	line := 2
	off := len(first) + 1
	for {
		l, next, more := strings.Cut(rest, "\n")
		if t := strings.TrimRight(l, " \t\r"); t == "---" || t == "..." {
			fmEnd := off
			return src[len(first)+1 : fmEnd], []byte(next), line + 1, true
		}
		if !more {
			return nil, nil, 0, false
		}
		off += len(l) + 1
		rest = next
		line++
	}
}

// fmParser walks the YAML front matter.
type fmParser struct {
	d          *diags
	r          *Report
	lineOffset int    // lines before the YAML (the opening ---)
	root       string // what the top-level map is, in messages ("" for the front matter)
}

func (p *fmParser) pos(n ast.Node) Pos {
	// The token of a block map and of a key: value pair is the colon of
	// the first pair; point at its key instead.
	if m, ok := n.(*ast.MappingNode); ok && !m.IsFlowStyle && len(m.Values) > 0 {
		n = m.Values[0]
	}
	if mv, ok := n.(*ast.MappingValueNode); ok && mv.Key != nil {
		n = mv.Key
	}
	if n == nil || n.GetToken() == nil {
		return Pos{1, 1}
	}
	tp := n.GetToken().Position
	return Pos{tp.Line + p.lineOffset, tp.Column}
}

// parseYAML parses YAML after checking how deep it nests: the tokens are
// cheap, the parser's AST of a deeply nested input is not.
func (p *fmParser) parseYAML(src []byte) (*ast.File, bool) {
	tokens := lexer.Tokenize(string(src))
	if tk := tooDeep(tokens); tk != nil {
		p.d.errorf("F1", Pos{tk.Position.Line + p.lineOffset, tk.Position.Column}, "",
			fmt.Sprintf("lists and maps nested at most %d deep", MaxDepth), "YAML nested more than %d deep", MaxDepth)
		return nil, false
	}
	f, err := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		p.syntaxError(err)
		return nil, false
	}
	return f, true
}

// tooDeep returns the token at which the nesting of YAML collections,
// flow ([ {) and block (indented or compact "- - x"), passes MaxDepth.
func tooDeep(tokens token.Tokens) *token.Token {
	flow := 0
	var block []int // columns of the open block collections, increasing
	for i, tk := range tokens {
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		case token.SequenceEntryType, token.MappingKeyType, token.MappingValueType:
			if flow > 0 {
				continue
			}
			col := tk.Position.Column
			if tk.Type == token.MappingValueType && i > 0 {
				col = tokens[i-1].Position.Column // the key's
			}
			for len(block) > 0 && block[len(block)-1] >= col {
				block = block[:len(block)-1]
			}
			block = append(block, col)
		default:
			continue
		}
		if flow+len(block) > MaxDepth {
			return tk
		}
	}
	return nil
}

func (p *fmParser) parse(fm []byte) {
	f, ok := p.parseYAML(fm)
	if !ok {
		p.r.unread = true
		return
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		p.d.errorf("S1", Pos{1, 1}, "", "agency, year and the tables", "front matter is empty")
		p.r.unread = true
		return
	}
	if len(f.Docs) > 1 {
		p.d.errorf("F1", p.pos(f.Docs[1]), "", "one YAML document", "front matter holds more than one YAML document")
	}
	if bad := findAlias(f.Docs[0].Body); bad != nil {
		p.d.errorf("F2", p.pos(bad), "", "plain values", "anchors and aliases are not allowed in content files")
		p.r.unread = true
		return
	}
	pairs, ok := p.mapping(f.Docs[0].Body, "")
	if !ok {
		p.r.unread = true
		return
	}
	p.metadata(pairs)
}

func (p *fmParser) syntaxError(err error) {
	pos := Pos{1 + p.lineOffset, 1}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil {
			pos = Pos{tk.Position.Line + p.lineOffset, tk.Position.Column}
		}
	}
	p.d.errorf("F1", pos, "", "valid YAML", "YAML syntax: %s", msg)
}

func findAlias(n ast.Node) ast.Node {
	var found ast.Node
	ast.Walk(visitFunc(func(n ast.Node) bool {
		switch n.(type) {
		case *ast.AliasNode, *ast.AnchorNode:
			if found == nil {
				found = n
			}
			return false
		}
		return found == nil
	}), n)
	return found
}

type visitFunc func(ast.Node) bool

func (f visitFunc) Visit(n ast.Node) ast.Visitor {
	if f(n) {
		return f
	}
	return nil
}

// pair is one key: value of a mapping.
type pair struct {
	key    string
	keyPos Pos
	value  ast.Node
}

// mapping returns the pairs of a mapping node, reporting duplicate keys
// (F3) and non-mapping nodes (F2).
func (p *fmParser) mapping(n ast.Node, path string) ([]pair, bool) {
	values, ok := mappingValues(n)
	if !ok {
		if _, null := unwrap(n).(*ast.NullNode); null {
			return nil, true
		}
		p.d.errorf("F2", p.pos(n), path, "a map of key: value", "%s is %s", p.describePath(path), nodeKind(n))
		return nil, false
	}
	seen := map[string]Pos{}
	var out []pair
	for _, mv := range values {
		key := strings.TrimSpace(mv.Key.GetToken().Value)
		kp := p.pos(mv.Key)
		if prev, dup := seen[key]; dup {
			p.d.errorf("F3", kp, joinPath(path, key), "each key once", "duplicate key %q (first at line %d)", key, prev.Line)
			continue
		}
		seen[key] = kp
		out = append(out, pair{key: key, keyPos: kp, value: mv.Value})
	}
	return out, true
}

// mappingValues returns the key: value pairs of a mapping node; the YAML
// library gives a map of one pair as the pair itself.
func mappingValues(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := unwrap(n).(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

func unwrap(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
		case *ast.CommentGroupNode:
			return nil
		default:
			return n
		}
	}
}

func nodeKind(n ast.Node) string {
	switch unwrap(n).(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a map"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "empty"
	case *ast.StringNode, *ast.LiteralNode:
		return "text"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	case *ast.BoolNode:
		return "true/false"
	}
	return "a " + strings.ToLower(unwrap(n).Type().String())
}

func (p *fmParser) describePath(path string) string {
	if path == "" && p.root != "" {
		return p.root
	}
	if path == "" {
		return "the front matter"
	}
	return path
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// scalar returns the text of a scalar node and whether it is null.
func (p *fmParser) scalar(n ast.Node, path, expected string) (text string, null, ok bool) {
	switch v := unwrap(n).(type) {
	case nil, *ast.NullNode:
		return "", true, true
	case *ast.StringNode:
		return v.Value, false, true
	case *ast.LiteralNode:
		return v.Value.Value, false, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, false, true
	}
	p.d.errorf("F2", p.pos(n), path, expected, "%s is %s", path, nodeKind(n))
	return "", false, false
}

func (p *fmParser) str(n ast.Node, path string) string {
	s, _, _ := p.scalar(n, path, "text")
	return strings.TrimSpace(s)
}

// normalizeText drops a UTF-8 byte-order mark and makes every line end a
// \n. Files saved on Windows end lines with \r\n; the YAML library counts
// some of those as two lines, and a lone \r as one, so positions are taken
// from the normalised text, where every line break is one \n.
func normalizeText(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}
