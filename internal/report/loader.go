package report

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Digest identifies the bytes of a content file.
type Digest [16]byte

func digest(b []byte) Digest {
	s := sha256.Sum256(b)
	return Digest(s[:16])
}

// Loader is Load with a memory: it keeps what it parsed and parses again
// only the files whose bytes changed since, so a watcher's rebuild after
// one edit reads one file. A file whose size and modification time are
// those it saw last is taken as unchanged without being read, unless it
// was modified within racyWindow of when it was read (file times are
// coarse: a second write in the same tick could keep both, as git knows).
// The rules across files run every time. A Loader is for one goroutine
// at a time.
type Loader struct {
	reports  map[string]*cachedReport
	agencies map[string]*cachedAgency
}

// cachedFile is what a Loader knows of a file's bytes.
type cachedFile struct {
	stamp  Stamp
	readAt time.Time
	sum    Digest
}

// fresh reports whether a file is, by its stamp alone, as it was read.
func (c *cachedFile) fresh(fsys fs.FS, f string) bool {
	stamp, ok := stampOf(fsys, f)
	return ok && c.stamp.Trusted(stamp, c.readAt)
}

// readFile reads a file and what identifies its bytes; file names it in
// errors. It reads no more than MaxFileSize+1 bytes: enough for the
// parser to say a file is too large without holding all of it.
func readFile(fsys fs.FS, f, file string) (cachedFile, []byte, error) {
	stamp, _ := stampOf(fsys, f)
	readAt := time.Now()
	src, err := readAtMost(fsys, f, MaxFileSize+1)
	if err != nil {
		return cachedFile{}, nil, fmt.Errorf("read %s: %w", file, err)
	}
	return cachedFile{stamp: stamp, readAt: readAt, sum: digest(src)}, src, nil
}

func readAtMost(fsys fs.FS, f string, n int64) ([]byte, error) {
	r, err := fsys.Open(f)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var b bytes.Buffer
	if info, err := r.Stat(); err == nil && info.Size() > 0 {
		b.Grow(int(min(info.Size(), n)))
	}
	_, err = io.Copy(&b, io.LimitReader(r, n))
	return b.Bytes(), err
}

type cachedReport struct {
	cachedFile
	r        *Report
	findings []Finding
	used     []bool // the known defects check matched, before the rules across files
}

type cachedAgency struct {
	cachedFile
	a        *Agency
	findings []Finding
}

// NewLoader returns a Loader with nothing cached.
func NewLoader() *Loader {
	return &Loader{reports: map[string]*cachedReport{}, agencies: map[string]*cachedAgency{}}
}

// Load is the package's Load through the cache.
func (l *Loader) Load(fsys fs.FS, prefix string) (*Site, []Finding, error) {
	s := &Site{Agencies: map[string]*Agency{}}
	var all []Finding
	name := func(p string) string { return path.Join(prefix, p) }

	agencyFiles, err := fs.Glob(fsys, AgenciesDir+"/*.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("list agencies: %w", err)
	}
	seenAgencies := map[string]*cachedAgency{}
	for _, f := range agencyFiles {
		c, err := l.agency(fsys, f, name(f))
		if err != nil {
			return nil, nil, err
		}
		seenAgencies[f] = c
		all = append(all, c.findings...)
		if c.a != nil {
			s.Agencies[c.a.Key] = c.a
		}
	}
	l.agencies = seenAgencies

	var reportFiles []string
	err = fs.WalkDir(fsys, ReportsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			reportFiles = append(reportFiles, p)
		}
		return nil
	})
	if err != nil && !isNotExist(err) {
		return nil, nil, fmt.Errorf("list reports: %w", err)
	}
	cached, err := l.readReports(fsys, reportFiles, name)
	if err != nil {
		return nil, nil, err
	}
	l.reports = map[string]*cachedReport{}
	for i, f := range reportFiles {
		c := cached[i]
		l.reports[f] = c
		all = append(all, c.findings...)
		if c.r != nil {
			for j := range c.r.Defects {
				c.r.Defects[j].used = c.used[j]
			}
			s.Reports = append(s.Reports, c.r)
		}
	}
	all = append(all, s.crossChecks(prefix, agencyFiles)...)
	all = append(all, s.unreferenced(prefix, reportFiles)...)
	SortFindings(all)
	return s, all, nil
}

func (l *Loader) agency(fsys fs.FS, f, file string) (*cachedAgency, error) {
	old := l.agencies[f]
	if old != nil && old.fresh(fsys, f) {
		return old, nil
	}
	cf, src, err := readFile(fsys, f, file)
	if err != nil {
		return nil, err
	}
	if old != nil && old.sum == cf.sum {
		return &cachedAgency{cachedFile: cf, a: old.a, findings: old.findings}, nil
	}
	a, fs := ParseAgency(file, strings.TrimSuffix(path.Base(f), ".yaml"), src)
	if a != nil {
		a.Sum = cf.sum
	}
	return &cachedAgency{cachedFile: cf, a: a, findings: fs}, nil
}

// readReports returns the cached or newly parsed state of each file,
// parsing on every core.
func (l *Loader) readReports(fsys fs.FS, files []string, name func(string) string) ([]*cachedReport, error) {
	out := make([]*cachedReport, len(files))
	errs := make([]error, len(files))
	var todo []int
	for i, f := range files {
		if old := l.reports[f]; old != nil && old.fresh(fsys, f) {
			out[i] = l.reports[f]
			continue
		}
		todo = append(todo, i)
	}
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(len(todo), runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				out[i], errs[i] = l.readReportSafely(fsys, files[i], name(files[i]))
			}
		}()
	}
	for _, i := range todo {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readReportSafely is readReport on a worker goroutine, where a panic
// would end the process with a stack trace: it becomes an error naming the
// file instead.
func (l *Loader) readReportSafely(fsys fs.FS, f, file string) (c *cachedReport, err error) {
	defer func() {
		if p := recover(); p != nil {
			c, err = nil, fmt.Errorf("%s: internal error while checking it: %v", file, p)
		}
	}()
	return l.readReport(fsys, f, file)
}

// readReport reads one report file; it only reads l.
func (l *Loader) readReport(fsys fs.FS, f, file string) (*cachedReport, error) {
	cf, src, err := readFile(fsys, f, file)
	if err != nil {
		return nil, err
	}
	if old := l.reports[f]; old != nil && old.sum == cf.sum {
		return &cachedReport{cachedFile: cf, r: old.r, findings: old.findings, used: old.used}, nil
	}
	r, fs := check(file, src)
	c := &cachedReport{cachedFile: cf, r: r, findings: fs}
	if r != nil {
		r.Sum = cf.sum
		for _, k := range r.Defects {
			c.used = append(c.used, k.used)
		}
	}
	return c, nil
}

// stampOf returns a file's size and modification time, when fsys can
// tell them.
func stampOf(fsys fs.FS, f string) (Stamp, bool) {
	info, err := fs.Stat(fsys, f)
	if err != nil {
		return Stamp{}, false
	}
	return StampOf(info)
}
