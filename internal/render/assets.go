package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// AssetsDir is where assets are written under the output root.
const AssetsDir = "assets"

var assetTypes = map[string]string{
	"css": "text/css",
	"js":  "application/javascript",
	"svg": "image/svg+xml",
}

// loadAssets minifies every asset and names it by its content hash:
// css/site.css becomes assets/css/site.3f2a9c1b0d.css, so a host can cache
// it for ever and a change gets a new name.
func (r *Renderer) loadAssets(fsys fs.FS) error {
	if fsys == nil {
		return nil
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if mt, ok := assetTypes[ext(p)]; ok {
			var buf bytes.Buffer
			if err := r.Minify(&buf, mt, data); err != nil {
				return fmt.Errorf("asset %s: %w", p, err)
			}
			data = buf.Bytes()
		}
		sum := sha256.Sum256(data)
		e := path.Ext(p)
		out := path.Join(AssetsDir, strings.TrimSuffix(p, e)+"."+hex.EncodeToString(sum[:5])+e)
		r.assets[p] = out
		r.files = append(r.files, File{Path: out, Data: data})
		return nil
	})
	if err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	sort.Slice(r.files, func(i, j int) bool { return r.files[i].Path < r.files[j].Path })
	return nil
}

// Asset returns the site path of a fingerprinted asset by its name under
// assets/ (css/site.css).
func (r *Renderer) Asset(name string) (string, error) {
	p, ok := r.assets[name]
	if !ok {
		return "", fmt.Errorf("no asset %q", name)
	}
	return r.URL(p), nil
}
