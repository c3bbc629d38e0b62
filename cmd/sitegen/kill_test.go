package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"sitegen/templates"
)

// TestKilledBuild SIGKILLs `sitegen build` at many moments of a full
// build (--full) and of an incremental one, on a generated site of 30
// reports whose two versions differ in every page (a layout edit) and in
// the search index (a report edit). The moments are delays spread over
// the build's measured duration, and the file events of the steps that
// matter: the staging directory created, the state file removed, the
// output moved aside, the first and a later file moved into the output.
//
// After each kill:
//   - a full build leaves the previous output exactly, byte for byte (or,
//     killed after its swap, the new one whole);
//   - an incremental build leaves every file whole, each either the old
//     or the new version, and no file that both versions have missing;
//   - while the state file beside the output exists, the output is
//     exactly the old or the new version: no state vouches for a mix.
//
// Then `sitegen build` runs again, with the new version or the old one
// restored, and must succeed with the output of a clean build of that
// version and nothing left beside it.
func TestKilledBuild(t *testing.T) {
	began := time.Now()
	bin := buildBinaries(t)
	t.Logf("go build: %v", time.Since(began).Round(time.Millisecond))
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if out, err := exec.Command(filepath.Join(bin, "gencorpus"), "-n", "30", "-seed", "1", "-out", content, "-from", "../../content").CombinedOutput(); err != nil {
		t.Fatalf("gencorpus: %v\n%s", err, out)
	}
	v := newVersions(t, dir, content)
	site := &killSite{t: t, bin: bin, dir: dir, out: filepath.Join(dir, "site", "public")}

	// Clean builds of both versions, and how long a build takes.
	var refs [2]map[string]string
	var full time.Duration
	for i := range refs {
		v.set(i)
		ref := filepath.Join(dir, fmt.Sprintf("ref%d", i), "public")
		start := time.Now()
		site.build(ref, "--full")
		full = max(full, time.Since(start))
		refs[i] = hashTree(t, ref)
	}
	if len(diffTrees(refs[0], refs[1], true)) == 0 {
		t.Fatal("the two versions build the same site")
	}
	v.set(0)
	site.build(site.out)
	start := time.Now()
	v.set(1)
	site.build(site.out)
	incr := time.Since(start)
	wantTree(t, "incremental build", refs[1], hashTree(t, site.out))
	v.set(0)
	site.build(site.out)
	cur := 0
	snap := hashTree(t, site.out)
	t.Logf("a full build takes %v, an incremental one %v; ready to kill after %v", full.Round(time.Millisecond), incr.Round(time.Millisecond), time.Since(began).Round(time.Millisecond))

	points := 5
	if testing.Short() {
		points = 2
	}
	var kills []killPoint
	for _, mode := range []struct {
		full bool
		took time.Duration
	}{{true, full}, {false, incr}} {
		for i := range points {
			// Up to a little past the measured duration: the build takes
			// longer or shorter each time.
			d := time.Duration(float64(mode.took) * (0.05 + 1.1*float64(i)/float64(points)))
			kills = append(kills, killPoint{full: mode.full, delay: d})
		}
	}
	stateName := "." + filepath.Base(site.out) + ".sitegen-state"
	kills = append(kills,
		killPoint{full: true, what: "staging directory created", on: parentEvent(fsnotify.Create, ".sitegen-new-")},
		killPoint{full: true, what: "state removed", on: parentEvent(fsnotify.Remove, stateName)},
		killPoint{full: true, what: "output moved aside", on: parentEvent(fsnotify.Rename, filepath.Base(site.out))},
		killPoint{full: false, what: "state removed", on: parentEvent(fsnotify.Remove, stateName)},
		killPoint{full: false, what: "first file moved in", inOut: true, nth: 1},
		killPoint{full: false, what: "20th file moved in", inOut: true, nth: 20},
	)

	killed := 0
	for i, k := range kills {
		target := 1 - cur
		v.set(target)
		args := []string{}
		if k.full {
			args = append(args, "--full")
		}
		wasKilled := site.buildKilled(k, args...)
		name := fmt.Sprintf("kill %d (%s)", i, k)
		if wasKilled {
			killed++
			site.checkKilled(name, k.full, snap, refs[target])
		} else {
			wantTree(t, name+", not killed in time", refs[target], hashTree(t, site.out))
		}

		// Build again, alternately with the new version and with the old
		// one restored (which the state of before may call current).
		next := target
		if i%2 == 1 {
			next = cur
		}
		v.set(next)
		site.build(site.out)
		wantTree(t, name+", then built again", refs[next], hashTree(t, site.out))
		site.noLeftovers(name)
		cur, snap = next, hashTree(t, site.out)
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d of %d builds were killed before they finished", killed, len(kills))
	if killed < len(kills)/2 {
		t.Errorf("only %d of %d builds were killed before they finished: the kill points miss the build", killed, len(kills))
	}
	// The search index, rebuilt or not along the way, opens and answers.
	if out, err := exec.Command(filepath.Join(bin, "sitegen"), "search", "--index", filepath.Join(site.out, "search"), "政府信息公开").CombinedOutput(); err != nil {
		t.Errorf("sitegen search after the kills: %v\n%s", err, out)
	}
}

// versions switches a site between two versions: 0 as generated, 1 with
// a layout edit (every page) and a report edit (its pages and the search
// index).
type versions struct {
	t              *testing.T
	layout, report string
	layouts        [2]string
	reports        [2]string
}

func newVersions(t *testing.T, dir, content string) *versions {
	layout, err := templates.FS.ReadFile("layout.html")
	if err != nil {
		t.Fatal(err)
	}
	reports, err := filepath.Glob(filepath.Join(content, "reports", "*", "*.md"))
	if err != nil || len(reports) == 0 {
		t.Fatalf("no reports in %s: %v", content, err)
	}
	slices.Sort(reports)
	v := &versions{t: t, layout: filepath.Join(dir, "templates", "layout.html"), report: reports[0]}
	v.layouts[0] = string(layout)
	v.layouts[1] = strings.Replace(string(layout), "跳到正文", "跳到正文内容", 1)
	v.reports[0] = readFile(t, v.report)
	v.reports[1] = v.reports[0] + "\n\n本报告在测试中追加了一段说明。\n"
	if v.layouts[1] == v.layouts[0] {
		t.Fatal("layout.html has no 跳到正文 to edit")
	}
	return v
}

func (v *versions) set(i int) {
	writeFile(v.t, v.layout, v.layouts[i])
	writeFile(v.t, v.report, v.reports[i])
}

// killSite runs the sitegen binary on the test's site.
type killSite struct {
	t        *testing.T
	bin, dir string
	out      string
}

func (s *killSite) command(out string, args ...string) *exec.Cmd {
	args = append([]string{"build", "--content", filepath.Join(s.dir, "content"),
		"--templates", filepath.Join(s.dir, "templates"), "--out", out}, args...)
	return exec.Command(filepath.Join(s.bin, "sitegen"), args...)
}

func (s *killSite) build(out string, args ...string) {
	s.t.Helper()
	if b, err := s.command(out, args...).CombinedOutput(); err != nil {
		s.t.Fatalf("sitegen build %s: %v\n%s", strings.Join(args, " "), err, b)
	}
}

// killPoint is when to kill a build: after a delay, at the nth event
// beside the output that on matches, or at the nth file moved into the
// output.
type killPoint struct {
	full  bool
	delay time.Duration
	what  string
	on    func(fsnotify.Event) bool
	inOut bool
	nth   int
}

func (k killPoint) String() string {
	mode := "incremental"
	if k.full {
		mode = "full"
	}
	if k.what != "" {
		return mode + " build, at " + k.what
	}
	return fmt.Sprintf("%s build, after %v", mode, k.delay.Round(time.Millisecond))
}

// parentEvent matches an event of op on the file name beside the output
// (a prefix of it).
func parentEvent(op fsnotify.Op, name string) func(fsnotify.Event) bool {
	return func(ev fsnotify.Event) bool {
		return ev.Has(op) && strings.HasPrefix(filepath.Base(ev.Name), name)
	}
}

// buildKilled starts a build and SIGKILLs it at k. It reports whether the
// build was killed, or had finished (successfully) first.
func (s *killSite) buildKilled(k killPoint, args ...string) bool {
	s.t.Helper()
	var events <-chan fsnotify.Event
	if k.on != nil || k.inOut {
		w, err := fsnotify.NewWatcher()
		if err != nil {
			s.t.Fatal(err)
		}
		defer w.Close()
		if k.inOut {
			err = filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
				if err == nil && d.IsDir() {
					err = w.Add(p)
				}
				return err
			})
		} else {
			err = w.Add(filepath.Dir(s.out))
		}
		if err != nil {
			s.t.Fatal(err)
		}
		events = w.Events
	}
	cmd := s.command(s.out, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var timer <-chan time.Time
	if events == nil {
		timer = time.After(k.delay)
	}
	seen := 0
wait:
	for {
		select {
		case err := <-done:
			if err != nil {
				s.t.Fatalf("%s: sitegen build failed on its own: %v\n%s", k, err, stderr.String())
			}
			return false
		case <-timer:
			break wait
		case ev := <-events:
			if k.inOut && ev.Has(fsnotify.Create) || k.on != nil && k.on(ev) {
				if seen++; seen >= max(k.nth, 1) {
					break wait
				}
			}
		}
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-done
	if cmd.ProcessState.Exited() {
		if cmd.ProcessState.ExitCode() != 0 {
			s.t.Fatalf("%s: sitegen build failed on its own: %s", k, stderr.String())
		}
		return false
	}
	return true
}

// checkKilled checks the output a killed build left: old is the output
// before it, exactly; new the clean build of the version it was building.
func (s *killSite) checkKilled(name string, full bool, old, new map[string]string) {
	s.t.Helper()
	parent := filepath.Dir(s.out)
	if _, err := os.Lstat(s.out); errors.Is(err, fs.ErrNotExist) {
		// Killed between the swap's two renames: the previous output is
		// whole under its retired name, and the next build puts it back.
		// On Linux the swap is one exchange of the two paths: the output
		// is never missing.
		if runtime.GOOS == "linux" {
			s.t.Fatalf("%s: no output after the kill", name)
		}
		retired, _ := filepath.Glob(filepath.Join(parent, ".sitegen-old-"+filepath.Base(s.out)+"-*"))
		if !full || len(retired) != 1 {
			s.t.Fatalf("%s: no output, and %d retired output(s) beside it", name, len(retired))
		}
		s.t.Logf("%s: killed between the swap's two renames", name)
		wantTree(s.t, name+", retired output", old, hashTree(s.t, retired[0]))
		return
	}
	got := hashTree(s.t, s.out)
	isOld := len(diffTrees(old, got, false)) == 0
	isNew := len(diffTrees(new, got, true)) == 0
	if _, err := os.Stat(filepath.Join(parent, "."+filepath.Base(s.out)+".sitegen-state")); err == nil && !isOld && !isNew {
		s.t.Errorf("%s: the state file vouches for an output that is neither the old one nor the new one: %s", name, brief(diffTrees(old, got, false)))
	}
	if full {
		if !isOld && !isNew {
			s.t.Errorf("%s: the output is neither the previous one nor the new one: %s", name, brief(diffTrees(old, got, false)))
		}
		return
	}
	// Incremental: each file whole, old or new.
	var bad []string
	for p, sum := range got {
		switch {
		case sum == old[p]:
		case isIndex(p):
			if _, ok := new[p]; !ok { // the index's own bytes vary between builds
				bad = append(bad, p+" is in neither version")
			}
		case sum != new[p]:
			bad = append(bad, p+" is neither the old nor the new version")
		}
	}
	for p := range old {
		if _, ok := new[p]; ok && got[p] == "" {
			bad = append(bad, p+", in both versions, is missing")
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		s.t.Errorf("%s: file(s) wrong: %s", name, brief(bad))
	}
}

// noLeftovers wants nothing beside the output but its state.
func (s *killSite) noLeftovers(name string) {
	s.t.Helper()
	entries, err := os.ReadDir(filepath.Dir(s.out))
	if err != nil {
		s.t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); n != filepath.Base(s.out) && n != "."+filepath.Base(s.out)+".sitegen-state" {
			s.t.Errorf("%s: %s left beside the output", name, n)
		}
	}
}

// segmentsUnnamed renames the Bleve index's segment files of a tree to
// seg1.zap, seg2.zap and so on.
func segmentsUnnamed(tree map[string]string) map[string]string {
	out := make(map[string]string, len(tree))
	n := 0
	for p, h := range tree {
		if isIndex(p) && strings.HasSuffix(p, ".zap") {
			n++
			p = fmt.Sprintf("search/index.bleve/store/seg%d.zap", n)
		}
		out[p] = h
	}
	return out
}

// isIndex reports whether an output path is one of the Bleve index's own
// files, whose bytes differ from build to build.
func isIndex(p string) bool { return strings.HasPrefix(p, "search/index.bleve/") }

// hashTree returns the sha256 of every file under root, by slash-separated
// path.
func hashTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// diffTrees lists how got differs from want; loose leaves the bytes of
// the Bleve index's own files uncompared (two builds never write the same),
// and the names of its segments (an updated index numbers them on), but
// wants as many.
func diffTrees(want, got map[string]string, loose bool) []string {
	if loose {
		want, got = segmentsUnnamed(want), segmentsUnnamed(got)
	}
	var out []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			out = append(out, "lacks "+p)
		case g != w && !(loose && isIndex(p)):
			out = append(out, "changed "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			out = append(out, "has new "+p)
		}
	}
	slices.Sort(out)
	return out
}

// wantTree wants got to be a clean build's tree (Bleve's own bytes aside).
func wantTree(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	if d := diffTrees(want, got, true); len(d) > 0 {
		t.Errorf("%s: differs from a clean build: %s", what, brief(d))
	}
}

// brief lists the first few of a list of differences, and how many.
func brief(d []string) string {
	s := strings.Join(d[:min(len(d), 8)], "; ")
	if len(d) > 8 {
		s += "; …"
	}
	return fmt.Sprintf("%d: %s", len(d), s)
}

// buildBinaries builds sitegen and gencorpus as `go build` does (without
// the race detector, whatever the test runs with) into a temporary
// directory.
func buildBinaries(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	dir := t.TempDir()
	cmd := exec.Command(goTool, "build", "-o", dir+string(filepath.Separator), "./cmd/sitegen", "./cmd/gencorpus")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}
