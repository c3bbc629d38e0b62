package importer

import (
	"strings"
	"unicode/utf8"

	"sitegen/internal/report"
)

// group is the run of values that make one row of a table, with the label
// text that names it: own is the label nearest the values (on their line in
// a pdftotext layout, the line before them when each cell has its own
// line), around adds the wrapped rest of the label and its neighbours.
type group struct {
	line   int // line of the first value
	vals   []value
	own    string
	around string
}

// numbers counts the values that are not blank.
func (g group) numbers() int {
	n := 0
	for _, v := range g.vals {
		if !v.blank {
			n++
		}
	}
	return n
}

// isGrid reports whether a block is laid out in columns (labels and values
// on the same line, as pdftotext -layout writes a table) rather than one
// cell per line.
func isGrid(block []line) bool {
	for _, l := range block {
		if len(l.values()) >= 2 || (len(l.values()) > 0 && l.hasText()) {
			return true
		}
	}
	return false
}

// groups finds the rows of a block.
func groups(block []line) []group {
	if isGrid(block) {
		return gridGroups(block)
	}
	return streamGroups(block)
}

// streamGroups reads one cell per line: a row is a label followed by a run
// of values; separator lines and empty lines do not break the run.
func streamGroups(block []line) []group {
	var out []group
	var labels []string
	var cur *group
	for _, l := range block {
		for _, c := range l.chunks {
			if c.val == nil {
				if cur != nil {
					out = append(out, *cur)
					cur = nil
					labels = nil
				}
				labels = append(labels, c.text)
				continue
			}
			if cur == nil {
				cur = &group{line: l.no}
				if n := len(labels); n > 0 {
					cur.own = labels[n-1]
					cur.around = strings.Join(labels[max(0, n-4):], "")
				}
			}
			cur.vals = append(cur.vals, *c.val)
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// gridGroups reads a table laid out in columns: each line with values is a
// row; its label is the text left of the values, continued on the nearby
// lines (up to three above and below, not past another row) in the same
// column.
//
// Table 三 nests its labels: a vertical label (三、本年度办理结果, often
// one character per line) and the group labels (（四）无法提供) stand left
// of the sub-items' column, the labels nearest the values. That column is
// the one most of the nearby rows start their labels in (labelColumns);
// text left of it is a group or vertical label. When the line of a row's numbers has
// no text in that column (none at all, or only a piece of a label further
// left), the row's label is the text of that column wrapped around the
// line: from its numbered start (1. （一） 一、) above down to the line
// before the next numbered start.
func gridGroups(block []line) []group {
	var rows []int
	for i, l := range block {
		if len(l.values()) > 0 {
			rows = append(rows, i)
		}
	}
	cols := labelColumns(block, rows)
	var out []group
	for k, i := range rows {
		col := cols[k]
		edge := col - 4 // text starting left of edge is left of the column
		l := block[i]
		g := group{line: l.no}
		x0 := -1
		for _, c := range l.chunks {
			if c.val != nil {
				g.vals = append(g.vals, *c.val)
			} else if len(g.vals) == 0 {
				g.own, x0 = c.text, c.x
			}
		}
		if x0 >= 0 && x0 < edge {
			// "（三） 4.保护第三方合法权益": a group label and the row's
			// own label in one chunk, a single space apart.
			if t, x := wordsFrom(chunk{x: x0, text: g.own}, edge, col+3); t != "" {
				g.own, x0 = t, x
			}
		}
		lo, hi := -1, len(block)
		if k > 0 {
			lo = rows[k-1]
		}
		if k+1 < len(rows) {
			hi = rows[k+1]
		}
		if col >= 0 && x0 < edge {
			inCol := span{edge, col + 10, col + 3}
			above, below := wrapped(block, i, lo, hi, inCol, true)
			// A row without text on its line takes the label wrapped
			// around it; a row whose only text is left of the column
			// (理 of （五）不予处理) only when the column's label runs across
			// its line, above and below: otherwise that text is its own
			// label (（一）予以公开, a group without sub-items).
			if x0 < 0 && len(above)+len(below) > 0 || len(above) > 0 && len(below) > 0 {
				a, b := wrapped(block, i, lo, hi, inCol, false)
				g.own = strings.Join(above, "") + strings.Join(below, "")
				g.around = strings.Join(a, "") + strings.Join(b, "")
				out = append(out, g)
				continue
			}
		}
		inColumn := span{x0 - 4, x0 + 10, x0 + 3}
		if x0 < 0 {
			inColumn = span{-1 << 30, 1 << 30, 1 << 30}
		} else if x0 >= edge && col >= 0 {
			inColumn.lo = max(inColumn.lo, edge) // not the group labels
		}
		above, below := wrapped(block, i, lo, hi, inColumn, false)
		g.around = strings.Join(above, "") + g.own + strings.Join(below, "")
		if g.own == "" && len(above) > 0 {
			g.own = strings.Join(above, "") + strings.Join(below, "")
		}
		out = append(out, g)
	}
	return out
}

// labelColumns finds, for each row, the column of the labels nearest the
// values around it: the most common column the labels of the six nearest
// other rows start at (the sub-items of table 三 outnumber its groups and
// top-level rows), the rightmost on a tie; -1 when no other row has a label
// on its line. It is found near the row, not over the table, because each
// page of a PDF may set the table at its own offset.
func labelColumns(block []line, rows []int) []int {
	xs := make([]int, len(rows))
	for k, i := range rows {
		xs[k] = -1
		for _, c := range block[i].chunks {
			if c.val != nil {
				break
			}
			xs[k] = c.x
		}
	}
	out := make([]int, len(rows))
	for k := range rows {
		count := map[int]int{}
		for d, n := 1, 0; n < 6 && (k-d >= 0 || k+d < len(rows)); d++ {
			for _, j := range []int{k - d, k + d} {
				if j >= 0 && j < len(rows) && xs[j] >= 0 && n < 6 {
					count[xs[j]]++
					n++
				}
			}
		}
		col, best := -1, 0
		for x, n := range count {
			if n > best || n == best && x > col {
				col, best = x, n
			}
		}
		out[k] = col
	}
	return out
}

// span is the columns a label starts in: a chunk starting from lo to hi,
// or a word starting from lo to split after a single space that ends a
// chunk starting further left.
type span struct{ lo, hi, split int }

// wrapped gathers the text in columns sp on the lines around block[i], up
// to three lines each way, between the rows lo and hi. numbered stops at
// the start of a label: above after a line that starts with a numbering,
// below before one.
func wrapped(block []line, i, lo, hi int, sp span, numbered bool) (above, below []string) {
	for j, n := i-1, 0; j > lo && n < 3; j-- {
		if t := columnText(block[j], sp); t != "" {
			above = append([]string{t}, above...)
			n++
			if numbered && startsNumbered(t) {
				break
			}
		}
	}
	for j, n := i+1, 0; j < hi && n < 3; j++ {
		if t := columnText(block[j], sp); t != "" {
			if numbered && startsNumbered(t) {
				break
			}
			below = append(below, t)
			n++
		}
	}
	return above, below
}

func startsNumbered(t string) bool {
	return numberingRE.MatchString(strings.TrimSpace(report.FoldWidth(t)))
}

// columnText is the text of a line that starts in columns sp: whole
// chunks, and the end of a chunk that starts further left when a single
// space sets it apart ("不予处 4.无正当理由大量反复": a group label and a
// sub-item, which pdftotext set only one space apart).
func columnText(l line, sp span) string {
	var b strings.Builder
	for _, c := range l.textChunks() {
		switch {
		case c.x >= sp.lo && c.x <= sp.hi:
			b.WriteString(c.text)
		case c.x < sp.lo:
			t, _ := wordsFrom(c, sp.lo, sp.split)
			b.WriteString(t)
		}
	}
	return b.String()
}

// wordsFrom returns the rest of a chunk from its first word (after a single
// space) that starts in columns lo to hi, with that word's column; "" when
// none does. Single spaces also fall inside a label justified across its
// cell ("只计这一情 形，不"): hi keeps the split to a word that starts where
// the column does.
func wordsFrom(c chunk, lo, hi int) (string, int) {
	x := c.x
	words := strings.Split(c.text, " ")
	for k, w := range words {
		if k > 0 && x >= lo && x <= hi {
			return strings.Join(words[k:], " "), x
		}
		x += utf8.RuneCountInString(w) + 1
	}
	return "", -1
}

// rowDef is a row the form expects: its canonical key, the cores its label
// is recognised by, and its number of columns.
type rowDef struct {
	key   string
	cores [][]rune
	cols  int
}

// alignable reports whether a group's values fill n columns: exactly n
// numbers (blanks around them are cell borders), or exactly n cells when
// each cell has its own line.
func alignable(g group, n int) bool {
	return g.numbers() == n || len(g.vals) == n
}

// match pairs groups with rows, both in form order, maximising the label
// scores (a row whose values cannot be aligned counts for less). It
// returns, for each row, the index of its group or -1, and the total.
func match(gs []group, rows []rowDef) ([]int, float64) {
	n, m := len(gs), len(rows)
	score := make([][]float64, n)
	for i, g := range gs {
		score[i] = make([]float64, m)
		own, around := tail(key(g.own), 200), tail(key(g.around), 300)
		for j, r := range rows {
			s := labelScore(r.cores, own, around)
			if s > 0 && !alignable(g, r.cols) {
				s *= 0.6
			}
			score[i][j] = s
		}
	}
	best := make([][]float64, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			b := max(best[i+1][j], best[i][j+1])
			if score[i][j] > 0 {
				b = max(b, score[i][j]+best[i+1][j+1])
			}
			best[i][j] = b
		}
	}
	out := make([]int, m)
	for j := range out {
		out[j] = -1
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case score[i][j] > 0 && best[i][j] == score[i][j]+best[i+1][j+1]:
			out[j] = i
			i, j = i+1, j+1
		case best[i][j] == best[i+1][j]:
			i++
		default:
			j++
		}
	}
	return out, best[0][0]
}

// tail keeps the last n runes: a label stands just before its values.
func tail(rs []rune, n int) []rune {
	if len(rs) > n {
		return rs[len(rs)-n:]
	}
	return rs
}
