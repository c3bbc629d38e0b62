package watch

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"slices"
)

// Kind is what happened to a path during a batch, coarsely.
type Kind uint8

const (
	// Written: the path exists at the end of the batch and was created,
	// written, or renamed or moved into place.
	Written Kind = iota + 1
	// Removed: the path does not exist at the end of the batch; it was
	// deleted, or renamed or moved away.
	Removed
)

func (k Kind) String() string {
	switch k {
	case Written:
		return "written"
	case Removed:
		return "removed"
	}
	return "unknown"
}

// Change is one path of a batch.
type Change struct {
	Path string // absolute and cleaned
	Kind Kind
	// Dir marks a directory that was removed or renamed away (Kind is then
	// Removed): everything that was below it is gone, whether the batch
	// lists it or not (a directory moved out of the tree reports only
	// itself). Directories are otherwise never reported; a new directory
	// reports the files in it.
	Dir bool
}

// String formats the change as "written /abs/file" or "removed /abs/dir/".
func (c Change) String() string {
	p := c.Path
	if c.Dir {
		p += string(os.PathSeparator)
	}
	return c.Kind.String() + " " + p
}

// Batch is what changed in one debounce window: each path once, sorted by
// path, a removed directory before a file of the same path. A consumer that
// applies a batch should drop what was below the removed directories first,
// then apply the files.
type Batch []Change

// Paths returns the paths of the batch, in its order.
func (b Batch) Paths() []string {
	out := make([]string, len(b))
	for i, c := range b {
		out[i] = c.Path
	}
	return out
}

func compareChanges(a, b Change) int {
	if c := cmp.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	switch {
	case a.Dir == b.Dir:
		return 0
	case a.Dir:
		return -1
	}
	return 1
}

// pending collects the paths touched during a window. What happened to a
// file is decided when the window closes, by looking at the disk: the
// events of a window (create, write, rename away, create again…) only say
// which paths to look at.
type pending struct {
	files map[string]struct{}
	dirs  map[string]struct{} // directories removed or renamed away
}

func newPending() *pending {
	return &pending{files: map[string]struct{}{}, dirs: map[string]struct{}{}}
}

func (p *pending) empty() bool { return len(p.files) == 0 && len(p.dirs) == 0 }

func (p *pending) touch(path string)     { p.files[path] = struct{}{} }
func (p *pending) removeDir(path string) { p.dirs[path] = struct{}{} }

// batch turns the window into a batch and empties it. A path that is a
// directory at the end of the window is left out: its files are listed.
func (p *pending) batch() Batch {
	b := make(Batch, 0, len(p.files)+len(p.dirs))
	for d := range p.dirs {
		b = append(b, Change{Path: d, Kind: Removed, Dir: true})
	}
	for f := range p.files {
		fi, err := os.Lstat(f)
		switch {
		case err == nil && fi.IsDir():
			continue
		case err == nil:
			b = append(b, Change{Path: f, Kind: Written})
		case errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid):
			b = append(b, Change{Path: f, Kind: Removed})
		default:
			// Unreadable (permissions…): it changed; let the consumer find
			// out what it can.
			b = append(b, Change{Path: f, Kind: Written})
		}
	}
	clear(p.files)
	clear(p.dirs)
	slices.SortFunc(b, compareChanges)
	return b
}

// merge folds a newer batch into an older one that was not delivered yet:
// the newer state of a file wins; removed directories accumulate.
func merge(older, newer Batch) Batch {
	if len(older) == 0 {
		return newer
	}
	type key struct {
		path string
		dir  bool
	}
	byKey := make(map[key]Change, len(older)+len(newer))
	for _, c := range older {
		byKey[key{c.Path, c.Dir}] = c
	}
	for _, c := range newer {
		byKey[key{c.Path, c.Dir}] = c
	}
	out := make(Batch, 0, len(byKey))
	for _, c := range byKey {
		out = append(out, c)
	}
	slices.SortFunc(out, compareChanges)
	return out
}
