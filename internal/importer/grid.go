package importer

import (
	"fmt"
	"strings"
)

// Tables become grids before they become text: a cell spanning rows or
// columns fills every slot it covers, so each slot knows its column.
const (
	maxSpan  = 1000    // the largest colspan HTML allows
	maxSlots = 1 << 18 // slots of one table's grid
	maxWork  = 1 << 22 // slots visited while laying out a document's tables
)

type tcell struct{ text, place string }

type slot struct {
	c      *tcell
	origin bool // the cell's top-left slot, where it is written
}

type grid struct {
	rows   [][]slot
	slots  int
	budget *int // slots the document's tables may still visit
}

func (g *grid) nextFree(r, c int) int {
	for r < len(g.rows) && c < len(g.rows[r]) && g.rows[r][c].c != nil {
		c++
	}
	return c
}

// put lays a cell over rs rows and cs columns from (r, c); slots already
// taken (overlapping spans) keep their cell. A copy (a merged continuation
// in .docx) has no origin slot.
func (g *grid) put(r, c, rs, cs int, cell *tcell, copy bool) error {
	if *g.budget -= rs * cs; *g.budget < 0 {
		return fmt.Errorf("the tables' cells span more than %d slots; not laid out", maxWork)
	}
	if c+cs > maxSlots {
		return fmt.Errorf("a row of more than %d cells; not laid out", maxSlots)
	}
	for i := r; i < r+rs; i++ {
		for len(g.rows) <= i {
			g.rows = append(g.rows, nil)
		}
		if grow := c + cs - len(g.rows[i]); grow > 0 {
			if g.slots += grow; g.slots > maxSlots {
				return fmt.Errorf("grid of more than %d cells; not laid out", maxSlots)
			}
			g.rows[i] = append(g.rows[i], make([]slot, grow)...)
		}
		for j := c; j < c+cs; j++ {
			if g.rows[i][j].c == nil {
				g.rows[i][j] = slot{cell, !copy && i == r && j == c}
			}
		}
	}
	return nil
}

// emit writes a grid one cell per line, a blank line after each row: the
// layout of a table copied out of Word, which Text reads as rows (a label,
// then its values), and whose narrative it keeps one paragraph a line. A
// cell is written once, at its top-left slot: a label spanning rows stands
// before the first of them, a value spanning columns counts once. An empty
// cell is written "-" (blank, never 0) where it stands for a value: in a
// column that holds numbers, in a row with a value or with text before it;
// other empty cells are left out. A cell's spaces and tabs become one
// space (Text would read a wide gap as two cells), a | becomes ｜.
func (g *grid) emit(out *converted) {
	numeric := map[int]bool{}
	for _, row := range g.rows {
		for j, s := range row {
			if v := parseValue(cellText(s)); v != nil && !v.blank {
				numeric[j] = true
			}
		}
	}
	for _, row := range g.rows {
		place, values := "", false
		for _, s := range row {
			if s.origin && place == "" {
				place = s.c.place
			}
			values = values || parseValue(cellText(s)) != nil
		}
		n := 0
		for j, s := range row {
			if !s.origin {
				continue
			}
			t := strings.ReplaceAll(strings.Join(strings.Fields(s.c.text), " "), "|", "｜")
			if t == "" && (!numeric[j] || !(values || n > 0)) {
				continue
			} else if t == "" {
				t = "-"
			}
			p := s.c.place
			if p == "" {
				p = place
			}
			out.add(t, p)
			n++
		}
		if n > 0 {
			out.add("", place)
		}
	}
}

// cellText is the text a slot writes: its cell's, at the cell's origin.
func cellText(s slot) string {
	if !s.origin {
		return ""
	}
	return s.c.text
}
