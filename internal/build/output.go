package build

import (
	"sitegen/search"

	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Staging names: a build renders into a hidden sibling of the output
// directory and swaps it in only when everything was written, so a failed
// or killed build never leaves a half-written site in place.
const (
	stagingPrefix = ".sitegen-new-"
	retiredPrefix = ".sitegen-old-"
)

// writeFile writes every output file; tests replace it to inject faults
// (a full disk).
var writeFile = os.WriteFile

// output writes files under a staging directory.
type output struct {
	root   string
	dirs   sync.Map // directories already created
	files  atomic.Int64
	bytes  atomic.Int64
	search *search.Stats // what writeSearch did
}

func newOutput(out string) (*output, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	cleanStale(parent, filepath.Base(abs))
	// What publish would replace must be a directory: never a file named
	// by mistake.
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", out)
	}
	root, err := os.MkdirTemp(parent, stagingPrefix+filepath.Base(abs)+"-")
	if err != nil {
		return nil, fmt.Errorf("create staging directory beside %s: %w", out, err)
	}
	if err := os.Chmod(root, 0o755); err != nil {
		return nil, err
	}
	return &output{root: root}, nil
}

// recoverOutput undoes what builds killed halfway left beside out. One
// killed between publish's two renames left no output and the previous
// one under its retired name: that is put back. Then the staging and
// retired directories and temporary files are removed.
func recoverOutput(out string) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		retired, _ := filepath.Glob(filepath.Join(parent, retiredPrefix+base+"-*"))
		if len(retired) == 1 {
			_ = os.Rename(retired[0], abs)
		}
	}
	cleanStale(parent, base)
}

// cleanStale removes what earlier builds killed halfway left behind.
func cleanStale(parent, base string) {
	for _, pattern := range []string{
		stagingPrefix + base + "-*",
		retiredPrefix + base + "-*",
		"." + stateName(base) + ".tmp-*", // writeAtomic's temporary file
	} {
		matches, _ := filepath.Glob(filepath.Join(parent, pattern))
		for _, m := range matches {
			_ = os.RemoveAll(m)
		}
	}
}

// write writes one file; p is slash-separated, relative to the root, and a
// path ending in / gets index.html.
func (o *output) write(p string, data []byte) error {
	if strings.HasSuffix(p, "/") || p == "" {
		p += "index.html"
	}
	full := filepath.Join(o.root, filepath.FromSlash(p))
	dir := filepath.Dir(full)
	if _, ok := o.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return writeError(p, err)
		}
		o.dirs.Store(dir, true)
	}
	if err := writeFile(full, data, 0o644); err != nil {
		return writeError(p, err)
	}
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	return nil
}

// writeError names the output rather than its place in the staging
// directory: "write reports/2020/x/index.html: no space left on device".
func writeError(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("write %s: %w", p, err)
}

// discard removes the staging directory of a failed build.
func (o *output) discard() { _ = os.RemoveAll(o.root) }

// publish swaps the staging directory in as out: in one step where the
// system can exchange two paths (Linux), so that out always exists and is
// whole; elsewhere the previous output is renamed aside first and removed
// afterwards (put back if the second rename fails, or by the next build's
// recoverOutput if this one is killed between the two).
func (o *output) publish(out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	var retired string
	if _, err := os.Lstat(abs); err == nil {
		// One atomic swap where the system has it; the staging directory
		// then holds the previous output, removed like any leftover.
		if err := exchange(o.root, abs); err == nil {
			_ = os.RemoveAll(o.root)
			return nil
		}
		retired = filepath.Join(filepath.Dir(abs), retiredPrefix+filepath.Base(abs)+"-"+filepath.Base(o.root))
		if err := os.Rename(abs, retired); err != nil {
			return fmt.Errorf("move the previous %s aside: %w", out, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(o.root, abs); err != nil {
		if retired != "" {
			_ = os.Rename(retired, abs)
		}
		return fmt.Errorf("move the new site into %s: %w", out, err)
	}
	if retired != "" {
		_ = os.RemoveAll(retired)
	}
	return nil
}
