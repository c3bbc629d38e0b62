package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"sitegen/internal/report"
)

// line is one line of the input, cut into chunks: the cells of a line
// written with | separators, or the runs of text that two or more spaces
// or a tab separate (pdftotext -layout aligns columns with spaces).
type line struct {
	no     int    // 1-based line number in the input
	text   string // the line with artefacts removed, right-trimmed
	chunks []chunk
	sep    bool // a line of bare pipes: a row separator, no cell
}

// chunk is a run of text at a column, or a cell value.
type chunk struct {
	x    int // column of the first character, in runes
	text string
	val  *value // nil for text
}

// value is a number as a table cell holds it, or a blank cell.
type value struct {
	blank bool
	num   float64
	unit  string // 元, 万元, 亿元 as written
	raw   string
}

var (
	artefactRE   = regexp.MustCompile(`\[(?:bookmark|image|footnote|endnote): [^\]]*\]`)
	pageNumberRE = regexp.MustCompile(`^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)\s*$`)
	numberRE     = regexp.MustCompile(`^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(亿元|万元|元)?$`)
	gapRE        = regexp.MustCompile(`\t+|  +`)
	numberingRE  = regexp.MustCompile(`^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+\s*[、.．])`)
)

// splitLines prepares the input: a byte order mark, carriage returns, form
// feeds, Word artefacts and page numbers (-1-, 第1页) go; every other line
// keeps its number.
func splitLines(src string) []line {
	src = strings.TrimPrefix(src, "\ufeff")
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.NewReplacer("\r", "\n", "\f", "", "\v", "\n").Replace(src)
	// pdftotext puts a form feed at the start of a page's first line: it is
	// dropped, not read as a line break, so line numbers follow the input.
	raw := strings.Split(src, "\n")
	out := make([]line, 0, len(raw))
	for i, t := range raw {
		t = strings.TrimRight(artefactRE.ReplaceAllString(t, ""), " \t\u3000")
		if pageNumberRE.MatchString(t) {
			t = ""
		}
		out = append(out, line{no: i + 1, text: t})
		l := &out[len(out)-1]
		l.chunks, l.sep = chunksOf(t)
	}
	return out
}

// chunksOf cuts a line into chunks.
func chunksOf(t string) ([]chunk, bool) {
	trim := strings.TrimSpace(t)
	if trim == "" {
		return nil, false
	}
	if strings.Trim(trim, "|") == "" {
		if len(trim) == 1 {
			return []chunk{{text: "", val: &value{blank: true, raw: "|"}}}, false
		}
		return nil, true
	}
	var out []chunk
	if strings.Contains(t, "|") {
		cells := strings.Split(t, "|")
		x := 0
		for i, c := range cells {
			cx := x
			x += utf8.RuneCountInString(c) + 1
			s := strings.TrimSpace(c)
			if s == "" {
				if i > 0 && i < len(cells)-1 && strings.TrimSpace(cells[i-1]) != "" {
					out = append(out, chunk{x: cx, val: &value{blank: true, raw: ""}})
				}
				continue
			}
			out = append(out, splitValues(chunk{x: cx, text: s})...)
		}
		return out, false
	}
	t = strings.ReplaceAll(t, "\u3000", "  ")
	prev := 0
	for _, gap := range append(gapRE.FindAllStringIndex(t, -1), []int{len(t), len(t)}) {
		if s := t[prev:gap[0]]; strings.TrimSpace(s) != "" {
			lead := len(s) - len(strings.TrimLeft(s, " "))
			x := utf8.RuneCountInString(t[:prev+lead])
			out = append(out, splitValues(chunk{x: x, text: strings.TrimSpace(s)})...)
		}
		prev = gap[1]
	}
	return out, false
}

// splitValues reads a chunk as a value, or splits numbers separated by
// single spaces off its end ("规章 1 0 11", "0 0 0").
func splitValues(c chunk) []chunk {
	if v := parseValue(c.text); v != nil {
		c.val = v
		return []chunk{c}
	}
	words := strings.Split(c.text, " ")
	n := len(words)
	for n > 0 && parseValue(words[n-1]) != nil && !parseValue(words[n-1]).blank {
		n--
	}
	if n == len(words) {
		return []chunk{c}
	}
	var out []chunk
	x := c.x
	if n > 0 {
		head := strings.Join(words[:n], " ")
		out = append(out, chunk{x: x, text: head})
		x += utf8.RuneCountInString(head) + 1
	}
	for _, w := range words[n:] {
		if w == "" {
			x++
			continue
		}
		out = append(out, chunk{x: x, text: w, val: parseValue(w)})
		x += utf8.RuneCountInString(w) + 1
	}
	return out
}

// parseValue reads a cell: a number, signed or not, with or without a
// money unit; "-" or a dash is a blank cell. nil when the text is not a
// value.
func parseValue(s string) *value {
	s = strings.TrimSpace(report.FoldWidth(s))
	switch s {
	case "-", "—", "–", "－", "——", "/", "／":
		return &value{blank: true, raw: s}
	}
	m := numberRE.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(m[2], ",", "")+m[3], 64)
	if err != nil {
		return nil
	}
	if m[1] == "-" {
		n = -n
	}
	return &value{num: n, unit: m[4], raw: s}
}

// textChunks returns the chunks of a line that are not values.
func (l line) textChunks() []chunk {
	var out []chunk
	for _, c := range l.chunks {
		if c.val == nil {
			out = append(out, c)
		}
	}
	return out
}

// values returns the value chunks of a line.
func (l line) values() []chunk {
	var out []chunk
	for _, c := range l.chunks {
		if c.val != nil {
			out = append(out, c)
		}
	}
	return out
}

// hasText reports whether the line holds text (not only values).
func (l line) hasText() bool { return len(l.textChunks()) > 0 }
