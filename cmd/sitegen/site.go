package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"sitegen/assets"
	"sitegen/internal/build"
	"sitegen/internal/render"
	"sitegen/templates"
)

// siteFlags are the flags of the commands that build the site (build,
// serve): where its content, theme and output are.
type siteFlags struct {
	content, out, templates, assets *string
}

func addSiteFlags(fl *flag.FlagSet, outUsage string) *siteFlags {
	return &siteFlags{
		content:   fl.String("content", "content", "the content `directory`"),
		out:       fl.String("out", "public", outUsage),
		templates: fl.String("templates", "templates", "a `directory` of templates overriding the embedded defaults (ignored when absent)"),
		assets:    fl.String("assets", "assets", "a `directory` of assets overriding the embedded defaults (ignored when absent)"),
	}
}

// options checks the content directory and returns the build options the
// flags name.
func (s *siteFlags) options(e *env) (build.Options, error) {
	if st, err := os.Stat(*s.content); err != nil || !st.IsDir() {
		return build.Options{}, fmt.Errorf("content directory %s: not found", *s.content)
	}
	return build.Options{
		Content:    os.DirFS(*s.content),
		ContentDir: filepath.ToSlash(filepath.Clean(*s.content)),
		Templates:  overlay(*s.templates, templates.FS),
		Assets:     overlay(*s.assets, assets.FS),
		Out:        *s.out,
		Logger:     e.log,
	}, nil
}

// overlay puts a site's own directory, when it exists, over the embedded
// defaults.
func overlay(dir string, defaults fs.FS) fs.FS {
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return render.Overlay{os.DirFS(dir), defaults}
	}
	return defaults
}
