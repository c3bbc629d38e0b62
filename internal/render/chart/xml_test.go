package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// node is a parsed element, enough to check the structure of the output.
type node struct {
	name string
	attr map[string]string
	kids []*node
	data string // character data directly inside
}

func (n *node) text() string {
	s := n.data
	for _, k := range n.kids {
		s += k.text()
	}
	return s
}

func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	for _, k := range n.kids {
		if keep(k) {
			out = append(out, k)
		}
		out = append(out, k.all(keep)...)
	}
	return out
}

func named(name string) func(*node) bool { return func(n *node) bool { return n.name == name } }

func one(t *testing.T, n *node, name string) *node {
	t.Helper()
	found := n.all(named(name))
	if len(found) != 1 {
		t.Fatalf("found %d <%s>, want 1", len(found), name)
	}
	return found[0]
}

// parse reads s as strict XML: one element, nothing around it.
func parse(t *testing.T, s string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	root := &node{}
	stack := []*node{root}
	for {
		tok, err := d.Token()
		if err != nil {
			if err != io.EOF {
				t.Fatalf("output is not well-formed XML: %v", err)
			}
			break
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 1 {
				t.Fatalf("text %q outside the figure", tok)
			}
			top.data += string(tok)
		default:
			t.Fatalf("unexpected %T in output", tok)
		}
	}
	if len(root.kids) != 1 {
		t.Fatalf("output has %d top-level elements, want 1", len(root.kids))
	}
	return root.kids[0]
}
