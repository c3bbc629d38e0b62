package render

import (
	"crypto/sha256"
	"io/fs"
	"path"
	"sort"
	"text/template/parse"
)

// Sum identifies what a set of inputs held.
type Sum [32]byte

// TemplateSum identifies the template files a page type's output depends
// on: its own file, the layout and the partials it calls, followed
// through the templates they call. Editing any other template leaves it
// unchanged.
func (r *Renderer) TemplateSum(page string) Sum { return r.tmplSums[page] }

// AssetsSum identifies the assets' output paths, which every page links
// to: it changes when any asset's content does.
func (r *Renderer) AssetsSum() Sum {
	h := sha256.New()
	for _, f := range r.files {
		h.Write([]byte(f.Path))
		h.Write([]byte{0})
	}
	return Sum(h.Sum(nil))
}

// templateSums computes TemplateSum for every page from the sources of
// the template files (by name, as they were parsed).
func (r *Renderer) templateSums(sources map[string][]byte) {
	r.tmplSums = map[string]Sum{}
	for page, t := range r.pages {
		files := map[string]bool{}
		seen := map[string]bool{}
		var visit func(name string)
		visit = func(name string) {
			if seen[name] {
				return
			}
			seen[name] = true
			tt := t.Lookup(name)
			if tt == nil || tt.Tree == nil {
				return
			}
			files[tt.Tree.ParseName] = true
			walkTemplateCalls(tt.Tree.Root, visit)
		}
		visit("layout")
		names := make([]string, 0, len(files))
		for f := range files {
			names = append(names, f)
		}
		sort.Strings(names)
		h := sha256.New()
		for _, f := range names {
			h.Write([]byte(f))
			h.Write([]byte{0})
			h.Write(sources[f])
			h.Write([]byte{0})
		}
		r.tmplSums[page] = Sum(h.Sum(nil))
	}
}

// walkTemplateCalls calls visit with the name of every template a parse
// tree calls.
func walkTemplateCalls(n parse.Node, visit func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkTemplateCalls(c, visit)
		}
	case *parse.TemplateNode:
		visit(n.Name)
	case *parse.IfNode:
		walkTemplateCalls(n.List, visit)
		walkTemplateCalls(n.ElseList, visit)
	case *parse.RangeNode:
		walkTemplateCalls(n.List, visit)
		walkTemplateCalls(n.ElseList, visit)
	case *parse.WithNode:
		walkTemplateCalls(n.List, visit)
		walkTemplateCalls(n.ElseList, visit)
	}
}

// readSources reads template files by the names ParseFS gives their
// templates (the base name).
func readSources(fsys fs.FS, files []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		out[path.Base(f)] = b
	}
	return out, nil
}

// TemplateSums returns the TemplateSum of every page, in page order.
func (r *Renderer) TemplateSums() []Sum {
	pages := make([]string, 0, len(r.tmplSums))
	for p := range r.tmplSums {
		pages = append(pages, p)
	}
	sort.Strings(pages)
	out := make([]Sum, len(pages))
	for i, p := range pages {
		out[i] = r.tmplSums[p]
	}
	return out
}
