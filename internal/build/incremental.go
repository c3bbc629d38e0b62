package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"sitegen/internal/render"
	"sitegen/internal/report"
)

// A Builder builds a site again and again, each time making only what
// changed. It remembers, for every output, the fingerprint of its inputs
// (plan.go) and the hash of its bytes: an output whose fingerprint is
// unchanged is not rendered, and one rendered to the same bytes is not
// written. Content files are parsed again only when their bytes change
// (report.Loader). When any content changed, the search index is updated
// from the published one with the sections that changed (search.Update),
// and only the files of it whose bytes changed are written.
//
// The first build, or one whose options differ from the recorded ones,
// renders everything into a staging directory and swaps it in. A later
// build renders what is stale into a staging directory and then moves
// each changed file into place with a rename, so a reader sees every file
// either old or new, never half written; a build that fails before that
// point writes nothing. While the files are moved, the output holds for a
// moment a mix of old and new files, each whole. The state is kept in a
// file beside the output directory (.<name>.sitegen-state), so that the
// next `sitegen build` starts from it; it is removed before the output is
// touched and written again once the output is whole, so that a build
// killed or failed halfway leaves none, and the next build is a full one
// rather than one that trusts files it never wrote.
type Builder struct {
	opt    Options
	log    *slog.Logger
	loader *report.Loader
	st     *state
	// The search index left stale by a DeferSearch build: the model to
	// build it from, and its fingerprint.
	pending   *model
	pendingFP render.Sum
	unchanged *unchangedState // for the state this build saves
}

// state is what a build leaves for the next.
type state struct {
	Version int
	Options string
	Outputs map[string]outState // by output path
	Search  render.Sum          // fingerprint of the search index's inputs
	// Unchanged lets a build with nothing changed stop before loading
	// (unchanged.go).
	Unchanged *unchangedState
}

type outState struct {
	Deps render.Sum // fingerprint of the inputs
	Out  render.Sum // hash of the bytes written
}

const stateVersion = 2

// NewBuilder returns a Builder that has built nothing yet.
func NewBuilder(opt Options) *Builder {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Builder{opt: opt, log: log, loader: report.NewLoader()}
}

func (b *Builder) statePath() (string, error) {
	abs, err := filepath.Abs(b.opt.Out)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(abs), stateName(filepath.Base(abs))), nil
}

// stateName is the name of the state file of the output directory base.
func stateName(base string) string { return "." + base + ".sitegen-state" }

// LoadState reads the state a previous build left beside the output, if
// any and readable; without it the first Build is a full one.
func (b *Builder) LoadState() {
	p, err := b.statePath()
	if err != nil {
		return
	}
	f, err := os.Open(p)
	if err != nil {
		return
	}
	defer f.Close()
	var st state
	if err := gob.NewDecoder(f).Decode(&st); err != nil || st.Version != stateVersion {
		b.log.Debug("ignoring the previous build's state", "file", p, "err", err)
		return
	}
	b.st = &st
}

func (b *Builder) saveState() error {
	p, err := b.statePath()
	if err != nil {
		return err
	}
	b.st.Unchanged = b.unchanged
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(b.st); err != nil {
		return err
	}
	return writeAtomic(p, buf.Bytes())
}

// keepState saves the state for the next build. When it cannot, it
// removes the previous build's, which no longer matches the output, so
// that the next sitegen builds in full; this one goes on with the state
// it holds.
func (b *Builder) keepState() {
	if err := b.saveState(); err != nil {
		b.log.Warn("could not save the build state; the next build will be a full one", "err", err)
		if p, err := b.statePath(); err == nil {
			_ = os.Remove(p)
		}
	}
}

// dropState removes the state file before the output changes: until the
// state is saved again, a build killed halfway leaves none.
func (b *Builder) dropState() error {
	p, err := b.statePath()
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the previous build's state: %w", err)
	}
	return nil
}

// optionsKey identifies the options every output depends on, and the
// program: another sitegen may render anything differently.
func (b *Builder) optionsKey() string {
	return fmt.Sprintf("base=%s minify=%t program=%s", b.opt.BaseURL, !b.opt.NoMinify, programID())
}

// programID identifies the running executable by its bytes' hash.
var programID = sync.OnceValue(func() string {
	p, err := os.Executable()
	if err == nil {
		var f *os.File
		if f, err = os.Open(p); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err = io.Copy(h, f); err == nil {
				return fmt.Sprintf("%x", h.Sum(nil)[:12])
			}
		}
	}
	// Unknown: a key no later build shares, so every build is a full one.
	return fmt.Sprintf("unknown-%d", time.Now().UnixNano())
})

// Build builds the site: everything the first time, what changed after.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	start := time.Now()
	opt := b.opt
	recoverOutput(opt.Out)
	// The theme is read first: a broken template or base URL is reported
	// without waiting for the content.
	r, err := render.New(opt.Templates, opt.Assets, render.Options{BaseURL: opt.BaseURL, Minify: !opt.NoMinify})
	if err != nil {
		return nil, fmt.Errorf("assemble: %w", err)
	}
	key := b.optionsKey()
	theme := themeSum(r)
	stamps, stamped, err := stampContent(opt.Content)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if !opt.Full && b.st != nil && b.pending == nil && b.st.Options == key && b.st.Unchanged.unchanged(theme, stamps) && isDir(opt.Out) {
		u := b.st.Unchanged
		b.log.Debug("nothing changed", "files", len(stamps))
		return &Result{Findings: u.Findings, Reports: u.Reports, Agencies: u.Agencies, Incremental: true, Unchanged: true, Duration: time.Since(start)}, nil
	}
	site, findings, err := b.loader.Load(opt.Content, opt.ContentDir)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	for _, f := range findings {
		if f.Blocking() {
			return nil, &FindingsError{Findings: findings}
		}
	}
	b.log.Debug("loaded", "reports", len(site.Reports), "agencies", len(site.Agencies), "findings", len(findings))
	if !r.HasAbsBase() {
		b.log.Warn("sitemap.xml and feed.xml are left out: they need an absolute --base-url such as https://example.org/")
	}
	m := newModel(site, findings)
	jobs := plan(m, r)
	fps := fingerprints(jobs)
	b.unchanged = &unchangedState{Theme: theme, Content: stamps, Stamped: stamped, Findings: findings,
		Reports: len(site.Reports), Agencies: len(site.Agencies)}
	d := newDeps()
	d.bytes([]byte(key))
	d.sum(m.contentSum())
	searchFP := d.fingerprint()
	b.log.Debug("assembled", "outputs", len(jobs))

	res := &Result{Findings: findings, Reports: len(m.reports), Agencies: len(m.agencies)}
	if b.st == nil || b.st.Options != key || !isDir(opt.Out) {
		err = b.full(ctx, m, jobs, fps, searchFP, key, res)
	} else {
		res.Incremental = true
		err = b.incremental(ctx, m, jobs, fps, searchFP, res)
	}
	if err != nil {
		return nil, err
	}
	// A build that wrote nothing saved no state: save the new stamps, or
	// the next build would not know it has nothing to do either.
	if b.st != nil && b.st.Unchanged != b.unchanged {
		b.keepState()
	}
	res.Duration = time.Since(start)
	b.log.Debug("published", "rendered", res.Rendered, "changed", len(res.Changed), "removed", len(res.Removed), "took", res.Duration)
	return res, nil
}

// fingerprints computes every job's fingerprint, on all cores.
func fingerprints(jobs []job) []render.Sum {
	out := make([]render.Sum, len(jobs))
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := newDeps()
			for i := w; i < len(jobs); i += n {
				d.reset()
				d.bytes([]byte(jobs[i].path))
				if jobs[i].deps != nil {
					jobs[i].deps(d)
				}
				out[i] = d.fingerprint()
			}
		}()
	}
	wg.Wait()
	return out
}

// full renders everything into a staging directory and swaps it in.
func (b *Builder) full(ctx context.Context, m *model, jobs []job, fps []render.Sum, searchFP render.Sum, key string, res *Result) error {
	out, err := newOutput(b.opt.Out)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	// The search index is made while the pages render: much of it runs on
	// one core (Bleve's builder analyses and merges in one goroutine), and
	// the pages keep the others busy. The first failure stops both.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	searchErr := make(chan error, 1)
	go func() {
		err := writeSearch(ctx, m, out, "")
		if err != nil {
			cancel()
		}
		searchErr <- err
	}()
	sums := make([]render.Sum, len(jobs))
	err = run(ctx, jobs, b.opt.Progress, func(i int, data []byte) error {
		sums[i] = sha256.Sum256(data)
		return out.write(jobs[i].path, data)
	})
	if err != nil {
		cancel()
	}
	// A failed search cancels the render: report the cause, not that.
	if serr := <-searchErr; serr != nil && (err == nil || errors.Is(err, context.Canceled)) {
		out.discard()
		return fmt.Errorf("search: %w", serr)
	}
	if err != nil {
		out.discard()
		return fmt.Errorf("render: %w", err)
	}
	// The state goes first: a build killed between the two leaves none,
	// and the next one starts over.
	st := &state{Version: stateVersion, Options: key, Outputs: make(map[string]outState, len(jobs)), Search: searchFP}
	for i, j := range jobs {
		st.Outputs[j.path] = outState{Deps: fps[i], Out: sums[i]}
		res.Changed = append(res.Changed, j.path)
	}
	b.st = nil
	if err := b.dropState(); err != nil {
		out.discard()
		return fmt.Errorf("publish: %w", err)
	}
	if err := out.publish(b.opt.Out); err != nil {
		out.discard()
		return fmt.Errorf("publish: %w", err)
	}
	b.st = st
	b.keepState()
	res.Rendered = len(jobs)
	res.Search = true
	res.SearchIndexed = out.search.Indexed
	res.Files, res.Bytes = out.files.Load(), out.bytes.Load()
	return nil
}

// incremental renders the stale outputs and moves those whose bytes
// changed into place.
func (b *Builder) incremental(ctx context.Context, m *model, jobs []job, fps []render.Sum, searchFP render.Sum, res *Result) error {
	var stale []int
	for i, j := range jobs {
		if old, ok := b.st.Outputs[j.path]; !ok || old.Deps != fps[i] {
			stale = append(stale, i)
		}
	}
	current := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		current[j.path] = true
	}
	for p := range b.st.Outputs {
		if !current[p] {
			res.Removed = append(res.Removed, p)
		}
	}
	slices.Sort(res.Removed)
	doSearch := b.st.Search != searchFP
	b.pending = nil
	if doSearch && b.opt.DeferSearch {
		b.pending, b.pendingFP, doSearch = m, searchFP, false
	}
	if len(stale) == 0 && len(res.Removed) == 0 && !doSearch {
		return nil // nothing to do, nothing written
	}

	out, err := newOutput(b.opt.Out)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	defer out.discard()
	todo := make([]job, len(stale))
	for k, i := range stale {
		todo[k] = jobs[i]
	}
	sums := make([]render.Sum, len(todo))
	changed := make([]bool, len(todo))
	err = run(ctx, todo, b.opt.Progress, func(k int, data []byte) error {
		sums[k] = sha256.Sum256(data)
		if old, ok := b.st.Outputs[todo[k].path]; ok && old.Out == sums[k] {
			return nil
		}
		changed[k] = true
		return out.write(todo[k].path, data)
	})
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	var searchFiles []string
	if doSearch {
		if searchFiles, err = b.stageSearch(ctx, m, out); err != nil {
			return err
		}
	}

	// Publish: from here on, files are replaced one by one. The state on
	// disk goes first; one that fails halfway leaves this Builder none
	// either.
	if err := b.dropState(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	halfway := func(err error) error {
		b.st = nil
		return fmt.Errorf("publish: %w", err)
	}
	for k, j := range todo {
		if changed[k] {
			if err := moveInto(out.root, b.opt.Out, outputFile(j.path)); err != nil {
				return halfway(err)
			}
			res.Changed = append(res.Changed, j.path)
		}
	}
	if doSearch {
		if err := b.syncSearch(out.root, searchFiles); err != nil {
			return halfway(err)
		}
		res.Search = true
		res.SearchIndexed = out.search.Indexed + out.search.Deleted
		res.SearchUpdated = out.search.Updated
		res.SearchChanged = len(searchFiles)
	}
	for _, p := range res.Removed {
		if err := removeOutput(b.opt.Out, outputFile(p)); err != nil {
			return halfway(err)
		}
		delete(b.st.Outputs, p)
	}
	for k, j := range todo {
		b.st.Outputs[j.path] = outState{Deps: fps[stale[k]], Out: sums[k]}
	}
	if doSearch {
		b.st.Search = searchFP
	}
	b.keepState()
	slices.Sort(res.Changed)
	res.Rendered = len(todo)
	res.Files, res.Bytes = out.files.Load(), out.bytes.Load()
	return nil
}

// Search brings up to date the search index a DeferSearch build left
// stale and says what it did (Search, SearchIndexed, SearchUpdated,
// SearchChanged, Duration), or returns nil when there was nothing to do.
// A Search that fails or is cancelled leaves the index stale for the next.
func (b *Builder) Search(ctx context.Context) (res *Result, err error) {
	if b.pending == nil || b.st == nil {
		return nil, nil
	}
	start := time.Now()
	m, fp := b.pending, b.pendingFP
	b.pending = nil
	defer func() {
		if err != nil && b.st != nil {
			b.pending, b.pendingFP = m, fp
		}
	}()
	out, err := newOutput(b.opt.Out)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer out.discard()
	files, err := b.stageSearch(ctx, m, out)
	if err != nil {
		return nil, err
	}
	if err := b.dropState(); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := b.syncSearch(out.root, files); err != nil {
		b.st = nil
		return nil, fmt.Errorf("publish: %w", err)
	}
	b.st.Search = fp
	b.keepState()
	return &Result{Search: true, SearchIndexed: out.search.Indexed + out.search.Deleted, SearchUpdated: out.search.Updated,
		SearchChanged: len(files), Duration: time.Since(start)}, nil
}

// stageSearch builds the search index of m into the staging directory
// and lists its files whose bytes differ from the output's.
func (b *Builder) stageSearch(ctx context.Context, m *model, out *output) ([]string, error) {
	if err := writeSearch(ctx, m, out, filepath.Join(b.opt.Out, "search")); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	files, err := changedFiles(filepath.Join(out.root, "search"), filepath.Join(b.opt.Out, "search"))
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return files, nil
}

// syncSearch moves the changed files of a new search directory into the
// output's and removes those it no longer has.
func (b *Builder) syncSearch(staging string, changed []string) error {
	newDir, oldDir := filepath.Join(staging, "search"), filepath.Join(b.opt.Out, "search")
	var gone []string
	err := filepath.WalkDir(oldDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(oldDir, p)
		if rel == searchPage {
			return nil
		}
		if _, err := os.Lstat(filepath.Join(newDir, rel)); errors.Is(err, fs.ErrNotExist) {
			gone = append(gone, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, rel := range changed {
		if err := moveInto(staging, b.opt.Out, filepath.Join("search", rel)); err != nil {
			return err
		}
	}
	for _, rel := range gone {
		if err := removeOutput(b.opt.Out, filepath.Join("search", rel)); err != nil {
			return err
		}
	}
	return nil
}

// searchPage is the search page in the search directory: a job's output,
// not the index's.
const searchPage = "index.html"

// changedFiles lists the files under newDir (relative) whose bytes differ
// from the same file under oldDir, or that oldDir lacks; the search page
// aside.
func changedFiles(newDir, oldDir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(newDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(newDir, p)
		if rel == searchPage {
			return nil
		}
		// Only files of one size are read: the index's segments run to
		// hundreds of megabytes, and one linked from the old directory
		// is the same file.
		info, err := d.Info()
		if err != nil {
			return err
		}
		oldPath := filepath.Join(oldDir, rel)
		oldInfo, err := os.Stat(oldPath)
		switch {
		case err != nil || oldInfo.Size() != info.Size():
			out = append(out, rel)
			return nil
		case os.SameFile(info, oldInfo):
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		old, err := os.ReadFile(oldPath)
		if err != nil || !bytes.Equal(old, data) {
			out = append(out, rel)
		}
		return nil
	})
	return out, err
}

// outputFile is the file of an output path: a directory gets index.html.
func outputFile(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return filepath.FromSlash(p)
}

// moveInto renames from/rel onto to/rel, creating directories.
func moveInto(from, to, rel string) error {
	dst := filepath.Join(to, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Rename(filepath.Join(from, rel), dst)
}

// removeOutput removes root/rel and the directories it leaves empty.
func removeOutput(root, rel string) error {
	if err := os.Remove(filepath.Join(root, rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for dir := filepath.Dir(rel); dir != "." && dir != string(filepath.Separator); dir = filepath.Dir(dir) {
		if os.Remove(filepath.Join(root, dir)) != nil {
			break // not empty
		}
	}
	return nil
}

// writeAtomic writes a file through a temporary file and a rename.
func writeAtomic(p string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}
