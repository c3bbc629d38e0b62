package report

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// MaxDigits bounds the digits of a number: no figure of a report comes near
// 10^15, and beyond it float64 no longer holds every integer exactly.
const MaxDigits = 15

var amountRE = regexp.MustCompile(`^([+-]?)(\d+(?:\.\d+)?)\s*(元|万元|亿元)?$`)

// cell reads one number. Blank cells (null, empty, "-") are not Set. Money
// cells may carry a unit; other cells may not.
func (p *fmParser) cell(n ast.Node, path string, kind CellKind) (Cell, bool) {
	pos := p.pos(n)
	expected := "a whole number, or null when the report leaves the cell blank"
	switch kind {
	case Change:
		expected = "a signed whole number such as +205 or -46, or null"
	case Money:
		expected = "an amount with its unit, such as 299.8 万元, or null"
	}
	text, null, ok := p.scalar(n, path, expected)
	if !ok {
		return Cell{Pos: pos}, false
	}
	text = strings.TrimSpace(FoldWidth(text))
	if null || text == "" || text == "-" || text == "—" || text == "/" {
		return Cell{Pos: pos}, true
	}
	m := amountRE.FindStringSubmatch(text)
	if m == nil {
		p.d.errorf("F2", pos, path, expected, "%s: %q is not a number", path, text)
		return Cell{Pos: pos}, false
	}
	if digits := len(strings.ReplaceAll(m[2], ".", "")); digits > MaxDigits {
		p.d.errorf("F2", pos, path, "at most 15 digits", "%s: a number of %d digits", path, digits)
		return Cell{Pos: pos}, false
	}
	if m[3] != "" && kind != Money {
		p.d.errorf("F2", pos, path, "a count without unit", "%s: %q carries a unit but is not an amount", path, text)
		return Cell{Pos: pos}, false
	}
	v, err := strconv.ParseFloat(m[1]+m[2], 64)
	if err != nil {
		p.d.errorf("F2", pos, path, expected, "%s: %q is not a number", path, text)
		return Cell{Pos: pos}, false
	}
	return Cell{Set: true, Value: v, Unit: m[3], Pos: pos}, true
}

// rowCells reads a row of n cells, written either as a list in column
// order or as a map from column label to value.
func (p *fmParser) rowCells(n ast.Node, path string, columns []string) ([]Cell, bool) {
	pos := p.pos(n)
	cells := make([]Cell, len(columns))
	for i := range cells {
		cells[i].Pos = pos
	}
	switch v := unwrap(n).(type) {
	case *ast.SequenceNode:
		if len(v.Values) != len(columns) {
			p.d.errorf("S4", pos, path, strconv.Itoa(len(columns))+" cells: "+strings.Join(columns, ", "),
				"%s has %d cells", path, len(v.Values))
			return cells, false
		}
		ok := true
		for i, c := range v.Values {
			var good bool
			cells[i], good = p.cell(c, path+"."+columns[i], Count)
			ok = ok && good
		}
		return cells, ok
	case *ast.MappingNode, *ast.MappingValueNode:
		pairs, _ := p.mapping(n, path)
		ix := newLabelIndex(columns...)
		ok := true
		for _, kv := range pairs {
			col, found := ix.lookup(kv.key)
			if !found {
				p.d.errorf("S2", kv.keyPos, path+"."+kv.key, "one of "+strings.Join(columns, ", "), "unknown column %q in %s", kv.key, path)
				ok = false
				continue
			}
			i := indexOf(columns, col)
			var good bool
			cells[i], good = p.cell(kv.value, path+"."+col, Count)
			ok = ok && good
		}
		return cells, ok
	}
	p.d.errorf("F2", pos, path, "a list of "+strconv.Itoa(len(columns))+" numbers", "%s is %s", path, nodeKind(n))
	return cells, false
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
