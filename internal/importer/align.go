package importer

import "strings"

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
// column. Text further left (a group label, a vertical label split one
// character per line) is left out when the row's label column is known.
func gridGroups(block []line) []group {
	var rows []int
	for i, l := range block {
		if len(l.values()) > 0 {
			rows = append(rows, i)
		}
	}
	var out []group
	for k, i := range rows {
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
		lo, hi := -1, len(block)
		if k > 0 {
			lo = rows[k-1]
		}
		if k+1 < len(rows) {
			hi = rows[k+1]
		}
		inColumn := func(c chunk) bool { return x0 < 0 || (c.x >= x0-4 && c.x <= x0+10) }
		var above, below []string
		for j, n := i-1, 0; j > lo && n < 3; j-- {
			if t := columnText(block[j], inColumn); t != "" {
				above = append([]string{t}, above...)
				n++
			}
		}
		for j, n := i+1, 0; j < hi && n < 3; j++ {
			if t := columnText(block[j], inColumn); t != "" {
				below = append(below, t)
				n++
			}
		}
		g.around = strings.Join(above, "") + g.own + strings.Join(below, "")
		if g.own == "" && len(above) > 0 {
			g.own = strings.Join(above, "") + strings.Join(below, "")
		}
		out = append(out, g)
	}
	return out
}

func columnText(l line, keep func(chunk) bool) string {
	var b strings.Builder
	for _, c := range l.textChunks() {
		if keep(c) {
			b.WriteString(c.text)
		}
	}
	return b.String()
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
