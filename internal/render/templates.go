package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"sitegen/internal/render/chart"
)

// Template files with a special role.
const (
	layoutFile  = "layout.html"
	partialsDir = "partials"
)

func (r *Renderer) loadTemplates(fsys fs.FS) error {
	// A missing map key is an error, as a missing struct field is: a
	// template naming a key that dict did not set would otherwise render
	// nothing and build.
	base := template.New("").Funcs(r.funcs()).Option("missingkey=error")
	if _, err := base.ParseFS(fsys, layoutFile); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	if partials, _ := fs.Glob(fsys, partialsDir+"/*.html"); len(partials) > 0 {
		if _, err := base.ParseFS(fsys, partials...); err != nil {
			return fmt.Errorf("templates: %w", err)
		}
	}
	files, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	partials, _ := fs.Glob(fsys, partialsDir+"/*.html")
	sources, err := readSources(fsys, append(slices.Clone(files), partials...))
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	defer r.templateSums(sources)
	r.pages = map[string]*template.Template{}
	for _, f := range files {
		if f == layoutFile {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return fmt.Errorf("templates: %w", err)
		}
		if _, err := t.ParseFS(fsys, f); err != nil {
			return fmt.Errorf("templates: %w", err)
		}
		r.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return nil
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"url":    r.URL,
		"absURL": r.AbsURL,
		"asset":  r.Asset,
		"num":    Num,
		"pct":    Pct,
		"hant":   IsTraditional,
		"lang": func(s string) template.HTMLAttr {
			if IsTraditional(s) {
				return `lang="zh-Hant"`
			}
			return ""
		},
		"add": func(a, b int) int { return a + b },
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
}

// Num formats a number as the portal shows it: digits grouped by
// thousands (12,345), decimals only when there are some — as the charts
// write them.
func Num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return chart.Format(v)
}

// Pct formats part/whole as a percentage with one decimal ("" when whole
// is 0).
func Pct(part, whole float64) string {
	if whole == 0 {
		return ""
	}
	return strconv.FormatFloat(part*100/whole, 'f', 1, 64) + "%"
}
