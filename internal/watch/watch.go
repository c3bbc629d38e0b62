// Package watch reports what changed under a set of directory trees, in
// batches, for rebuilding on change.
//
// A Watcher watches every directory under its roots (fsnotify watches one
// directory at a time). A directory created or moved in later is watched
// as soon as its event arrives and walked: each file already in it is
// reported as written, so a folder moved in from elsewhere reports its whole
// content. A directory removed or moved away stops being watched and is
// reported once, as a removed directory. Symbolic links are reported as
// files and never followed.
//
// Events are collected into a batch until the trees have been quiet for
// Options.Quiet, or for at most Options.MaxLatency after the first event of
// the batch, so that a steady stream of writes still yields batches. A batch
// names each path once with its state at the end of the window (written:
// it exists; removed: it does not), so a save done as write-to-temp then
// rename reports the real file as written, and the sequence vim uses
// (rename file to file~, write file, delete file~) reports file as written.
// A path created and deleted within one window is reported as removed.
//
// Editor and tool noise (see Ignored) is never reported, and hidden
// directories such as .git are not watched.
//
// When the consumer is slow, batches are merged until it takes the next
// one; nothing is dropped. If the kernel's event queue overflows, Errors
// delivers an error that wraps ErrOverflow: events were lost and the
// consumer should treat everything as changed.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults of Options.
const (
	DefaultQuiet      = 100 * time.Millisecond
	DefaultMaxLatency = time.Second
)

// ErrOverflow is wrapped by the error delivered on Errors when the kernel
// dropped events: some changes were not seen.
var ErrOverflow = fsnotify.ErrEventOverflow

// Options tune a Watcher; the zero value gives the defaults.
type Options struct {
	// Quiet ends a batch when no event came for this long.
	Quiet time.Duration
	// MaxLatency ends a batch this long after its first event, even if
	// events keep coming.
	MaxLatency time.Duration
	// Ignore reports whether a base name is noise; nil means Ignored.
	Ignore func(name string) bool
}

// Watcher watches directory trees and delivers batches of changes.
type Watcher struct {
	opts    Options
	fsw     *fsnotify.Watcher
	roots   map[string]bool
	dirs    map[string]struct{} // watched directories; owned by run
	batches chan Batch
	errs    chan error

	done      chan struct{}
	exited    chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// New watches the directory trees at roots with the default options.
func New(roots ...string) (*Watcher, error) {
	return NewWith(Options{}, roots...)
}

// NewWith watches the directory trees at roots. Each root must be an
// existing directory; paths are reported absolute and cleaned, under the
// root as given (a root reached through a symbolic link is reported under
// the link's path).
func NewWith(opts Options, roots ...string) (*Watcher, error) {
	if len(roots) == 0 {
		return nil, errors.New("watch: no directory to watch")
	}
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	if opts.MaxLatency <= 0 {
		opts.MaxLatency = DefaultMaxLatency
	}
	if opts.MaxLatency < opts.Quiet {
		opts.MaxLatency = opts.Quiet
	}
	if opts.Ignore == nil {
		opts.Ignore = Ignored
	}
	w := &Watcher{
		opts:    opts,
		roots:   map[string]bool{},
		dirs:    map[string]struct{}{},
		batches: make(chan Batch),
		errs:    make(chan error, 16),
		done:    make(chan struct{}),
		exited:  make(chan struct{}),
	}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("watch %s: %w", r, err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("watch: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("watch %s: not a directory", r)
		}
		w.roots[abs] = true
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w.fsw = fsw
	for r := range w.roots {
		if err := w.addTree(r, nil); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.run()
	return w, nil
}

// Batches delivers the batches; it is closed by Close.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers what went wrong while watching (a directory that could
// not be watched, a queue overflow); it is closed by Close. Errors that
// nobody reads are dropped once a few are waiting.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and closes Batches and Errors. A batch not yet
// delivered is dropped. Close may be called more than once.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() {
		close(w.done)
		w.closeErr = w.fsw.Close()
		<-w.exited
	})
	return w.closeErr
}

func (w *Watcher) run() {
	defer close(w.exited)
	defer close(w.errs)
	defer close(w.batches)

	p := newPending()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var first time.Time // when the open window's first event came; zero if none
	arm := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		deadline := now.Add(w.opts.Quiet)
		if limit := first.Add(w.opts.MaxLatency); limit.Before(deadline) {
			deadline = limit
		}
		timer.Reset(deadline.Sub(now))
	}

	var ready Batch // closed windows not yet taken by the consumer
	for {
		var out chan<- Batch
		if len(ready) > 0 {
			out = w.batches
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.handle(ev, p) {
				arm()
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Directories created meanwhile may have gone unseen.
				for r := range w.roots {
					w.sendErr(w.addTree(r, p))
				}
				arm()
			}
			w.sendErr(fmt.Errorf("watch: %w", err))
		case <-timer.C:
			first = time.Time{}
			if !p.empty() {
				ready = merge(ready, p.batch())
			}
		case out <- ready:
			ready = nil
		}
	}
}

// handle records one event and reports whether it recorded anything.
func (w *Watcher) handle(ev fsnotify.Event, p *pending) bool {
	name := filepath.Clean(ev.Name)
	if !w.roots[name] && w.opts.Ignore(filepath.Base(name)) {
		return false
	}
	switch {
	case ev.Has(fsnotify.Create):
		if fi, err := os.Lstat(name); err == nil && fi.IsDir() {
			// A directory made or moved in: watch it, report its files.
			// One renamed within the trees was dropped by its Rename.
			if err := w.addTree(name, p); err != nil {
				w.sendErr(err)
			}
			return true
		}
		p.touch(name)
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		if _, ok := w.dirs[name]; ok {
			w.dropTree(name)
			p.removeDir(name)
			return true
		}
		if _, ok := p.dirs[name]; ok {
			// The directory's own report of its move (IN_MOVE_SELF)
			// after its parent's.
			return false
		}
		p.touch(name)
	case ev.Has(fsnotify.Write):
		p.touch(name)
	default:
		// Chmod alone: attributes, not content.
		return false
	}
	return true
}

// addTree watches dir and every directory below it that is not ignored;
// with p, it records every file found as touched.
func (w *Watcher) addTree(dir string, p *pending) error {
	var first error
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			if !errors.Is(err, fs.ErrNotExist) && first == nil {
				first = fmt.Errorf("watch %s: %w", path, err)
			}
			return nil
		}
		if path != dir && w.opts.Ignore(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			if p != nil {
				p.touch(path)
			}
			return nil
		}
		if err := w.fsw.Add(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir // gone already; its removal is reported
			}
			if first == nil {
				first = fmt.Errorf("watch %s: %w", path, err)
			}
			return filepath.SkipDir
		}
		w.dirs[path] = struct{}{}
		return nil
	})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && p != nil {
			return nil // created and gone again before we looked
		}
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	return first
}

// dropTree stops watching dir and every watched directory below it: a
// directory moved away keeps its watches in the kernel, and its events
// would come under its old path.
func (w *Watcher) dropTree(dir string) {
	prefix := dir + string(os.PathSeparator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			delete(w.dirs, d)
			// The watch of a deleted directory is gone already.
			_ = w.fsw.Remove(d)
		}
	}
}

func (w *Watcher) sendErr(err error) {
	if err == nil {
		return
	}
	select {
	case w.errs <- err:
	default:
	}
}
