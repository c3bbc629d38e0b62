package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// Faults: a full disk, an output that cannot be replaced, a publish cut
// short, a build killed between publish's two renames. Each leaves the
// previous output as it was, and the next build brings the site to what a
// clean build makes. (A build killed at random moments is tested on the
// command, in cmd/sitegen/kill_test.go.)

// tree reads every file under root, by slash-separated path.
func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range listFiles(root) {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		out[p] = b
	}
	return out
}

// sameBytes wants got to hold exactly want's files, byte for byte.
func sameBytes(t *testing.T, what string, want, got map[string][]byte) {
	t.Helper()
	var diffs []string
	for p, w := range want {
		if g, ok := got[p]; !ok {
			diffs = append(diffs, "lacks "+p)
		} else if !bytes.Equal(g, w) {
			diffs = append(diffs, "changed "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "has new "+p)
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Errorf("%s: %d difference(s) from the previous output: %s", what, len(diffs), strings.Join(diffs[:min(len(diffs), 8)], ", "))
	}
}

func (s *site) statePath() string {
	return filepath.Join(filepath.Dir(s.out), stateName(filepath.Base(s.out)))
}

// readState returns the state file's bytes, nil when there is none.
func (s *site) readState() []byte {
	b, err := os.ReadFile(s.statePath())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.t.Fatal(err)
	}
	return b
}

// reference builds the site as it now is, in full, into a directory of
// its own.
func (s *site) reference() string {
	s.t.Helper()
	ref := *s
	ref.out = filepath.Join(s.t.TempDir(), "ref")
	ref.opt.Out, ref.opt.Full, ref.opt.DeferSearch = ref.out, true, false
	ref.build()
	return ref.out
}

// countWrites counts the output files written until the test ends.
func countWrites(t *testing.T) *atomic.Int64 {
	var n atomic.Int64
	writeFile = func(name string, data []byte, perm os.FileMode) error {
		n.Add(1)
		return os.WriteFile(name, data, perm)
	}
	t.Cleanup(func() { writeFile = os.WriteFile })
	return &n
}

// diskFullAfter makes the disk fill up after n output files: the next
// file is written in part, and its write fails with ENOSPC.
func diskFullAfter(t *testing.T, n int64) {
	var written atomic.Int64
	writeFile = func(name string, data []byte, perm os.FileMode) error {
		if written.Add(1) <= n {
			return os.WriteFile(name, data, perm)
		}
		if err := os.WriteFile(name, data[:len(data)/2], perm); err != nil {
			return err
		}
		return &fs.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
	}
	t.Cleanup(func() { writeFile = os.WriteFile })
}

// wantNoSpace wants err to be a full disk's, naming the output file it
// could not write (not its place in the staging directory).
func wantNoSpace(t *testing.T, err error, outputs []string) {
	t.Helper()
	if err == nil {
		t.Fatal("the build succeeded on a full disk")
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("error %q does not wrap ENOSPC", err)
	}
	m := regexp.MustCompile(`write (\S+): no space left on device`).FindStringSubmatch(err.Error())
	if m == nil {
		t.Errorf("error %q does not say which file it could not write, and why", err)
		return
	}
	if !slices.Contains(outputs, m[1]) {
		t.Errorf("error %q names %s, which is not an output file", err, m[1])
	}
}

// TestDiskFull fills the disk after K files of a full build and of an
// incremental one: the build fails naming the file it could not write and
// the cause, the output and the state beside it are byte for byte as they
// were, the staging directory is gone, and the next build starts from the
// state and succeeds. The disk is simulated (writeFile), which needs no
// privilege; as root, a real full tmpfs follows.
func TestDiskFull(t *testing.T) {
	s := newSite(t, "small.txtar")
	writes := countWrites(t)
	s.build()
	n := writes.Load()
	replace(t, s.dir, "content/reports/2021/ce-shi-shi-ce-shi-ju.md", "我局持续推进政务公开。", "我局持续推进政务公开，磁盘满了也不怕。")
	want := s.reference()
	outputs := listFiles(want)

	for _, tc := range []struct {
		full  bool
		after int64
	}{
		{true, 0}, {true, 1}, {true, n / 2}, {true, n - 1},
		{false, 0}, {false, 1},
	} {
		before, state := tree(t, s.out), s.readState()
		diskFullAfter(t, tc.after)
		s.opt.Full = tc.full
		err := s.tryBuild()
		writeFile = os.WriteFile
		what := fmt.Sprintf("full %v, disk full after %d file(s)", tc.full, tc.after)
		wantNoSpace(t, err, outputs)
		sameBytes(t, what, before, tree(t, s.out))
		if !bytes.Equal(state, s.readState()) {
			t.Errorf("%s: the state file changed", what)
		}
		assertNoStaging(t, s)
	}

	// Space again: the next build starts from the state and writes only
	// what the edit changed.
	s.opt.Full = false
	writes = countWrites(t)
	s.build()
	if !s.res.Incremental || writes.Load() < 2 {
		t.Errorf("after the full disk: incremental %v, %d file(s) written; want an incremental build of the edit (and the cases above to have failed on its second file)", s.res.Incremental, writes.Load())
	}
	sameTree(t, want, s.out)
	assertNoStaging(t, s)

	if os.Geteuid() == 0 {
		diskFullTmpfs(t, s)
	} else {
		t.Log("not root: no real full disk (a tmpfs) to try; the simulated one above stands for it")
	}
}

// diskFullTmpfs builds the site into a tmpfs that holds one build and a
// half: a second, full build runs out of space.
func diskFullTmpfs(t *testing.T, s *site) {
	t.Helper()
	var size int64
	for _, b := range tree(t, s.out) {
		size += (int64(len(b)) + 4095) &^ 4095
	}
	mnt := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0755", size*3/2), "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Logf("root, but cannot mount a tmpfs (%v: %s); the simulated full disk stands for it", err, out)
		return
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
		}
	})
	t.Logf("a real full disk: a tmpfs of %d KB", size*3/2>>10)
	s.out = filepath.Join(mnt, "public")
	s.opt.Out, s.opt.Full = s.out, false
	s.build()
	before, state := tree(t, s.out), s.readState()

	s.opt.Full = true
	err := s.tryBuild()
	if err == nil {
		t.Fatal("a full build into a full tmpfs succeeded")
	}
	t.Logf("full tmpfs: %v", err)
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("error %q is not a full disk's", err)
	}
	// Which file runs out of space depends on what the build is writing
	// then (pages, or the search index, which names its files in the
	// staging directory).
	if !regexp.MustCompile(`write \S+: no space left on device`).MatchString(err.Error()) {
		t.Errorf("error %q does not name the file it could not write", err)
	}
	sameBytes(t, "full tmpfs", before, tree(t, s.out))
	if !bytes.Equal(state, s.readState()) {
		t.Error("full tmpfs: the state file changed")
	}
	assertNoStaging(t, s)

	// The state still holds: with nothing changed, the next build
	// succeeds without writing.
	s.opt.Full = false
	s.build()
	if !s.res.Incremental || s.res.Rendered != 0 {
		t.Errorf("after the full tmpfs: incremental %v, %d rendered; want nothing to do", s.res.Incremental, s.res.Rendered)
	}
	sameBytes(t, "after the full tmpfs", before, tree(t, s.out))
}

// TestOutputNotADirectory: an --out that names a file, or lies below one,
// fails the build with an error that says so; the file is left alone.
func TestOutputNotADirectory(t *testing.T) {
	for _, tc := range []struct {
		name, out, want string
	}{
		{"out is a file", "notes.txt", "notes.txt is not a directory"},
		{"parent is a file", "notes.txt/public", "not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, "small.txtar")
			file := filepath.Join(s.dir, "notes.txt")
			write(t, file, "mine, not the build's\n")
			s.out = filepath.Join(s.dir, filepath.FromSlash(tc.out))
			s.opt.Out = s.out
			err := s.tryBuild()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("build into %s: %v, want %q", tc.out, err, tc.want)
			}
			if got := read(t, s.dir, "notes.txt"); got != "mine, not the build's\n" {
				t.Errorf("the file became %q", got)
			}
			entries, _ := os.ReadDir(s.dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

// TestPublishCutShort stops an incremental build halfway through moving
// its files into place (a directory stands where a page goes), then undoes
// the edit. Pages already moved are the edited ones, so the state of
// before the edit, which says every output is current, must not survive:
// the next build, of the same Builder (serve) or of a new one (the next
// sitegen build), is a full one and equals a clean build.
func TestPublishCutShort(t *testing.T) {
	for _, next := range []string{"same builder", "new builder"} {
		t.Run(next, func(t *testing.T) {
			s := newSite(t, "small.txtar").build()
			want := s.reference()
			layout := filepath.Join(s.dir, "templates", "layout.html")
			write(t, layout, strings.Replace(embedded(t, "layout.html"), "跳到正文", "跳到正文内容", 1))
			// The plan moves the home page before the years page.
			blocked := filepath.Join(s.out, "years", "index.html")
			if err := os.Remove(blocked); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(blocked, "in-the-way"), "")

			b := NewBuilder(s.opt)
			b.LoadState()
			if _, err := b.Build(context.Background()); err == nil || !strings.Contains(err.Error(), "publish") {
				t.Fatalf("build with a page that cannot be replaced: %v, want a publish error", err)
			}
			if !strings.Contains(s.read(""), "跳到正文内容") {
				t.Fatal("the home page was not moved before the failure: the test no longer cuts the publish short halfway")
			}
			if st := s.readState(); st != nil {
				t.Error("the state of before the edit survived a publish cut short")
			}

			if err := os.Remove(layout); err != nil {
				t.Fatal(err)
			}
			if next == "new builder" {
				b = NewBuilder(s.opt)
				b.LoadState()
			}
			res, err := b.Build(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.Incremental {
				t.Error("the build after a publish cut short was incremental")
			}
			sameTree(t, want, s.out)
			assertNoStaging(t, s)
		})
	}
}

// TestKilledBetweenRenames: a full build killed after moving the previous
// output aside and before moving the new one in left no output. The next
// build puts the previous one back, even when it fails itself.
func TestKilledBetweenRenames(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	before := tree(t, s.out)
	want := s.reference()
	// What publish leaves at that moment: the state removed, the output
	// under its retired name, the staging directory complete.
	if err := os.Remove(s.statePath()); err != nil {
		t.Fatal(err)
	}
	parent := filepath.Dir(s.out)
	staging := stagingPrefix + "public-123"
	if err := os.CopyFS(filepath.Join(parent, staging), os.DirFS(s.out)); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(s.out, filepath.Join(parent, retiredPrefix+"public-"+staging)); err != nil {
		t.Fatal(err)
	}

	const r2021 = "content/reports/2021/ce-shi-shi-ce-shi-ju.md"
	src := read(t, s.dir, r2021)
	replace(t, s.dir, r2021, "一、本年新收政府信息公开申请数量: [7, 0, 0, 0, 0, 0, 7]", "一、本年新收政府信息公开申请数量: [8, 0, 0, 0, 0, 0, 8]")
	var fe *FindingsError
	if err := s.tryBuild(); !errors.As(err, &fe) {
		t.Fatalf("build of a broken report: %v, want findings", err)
	}
	sameBytes(t, "after a failed build", before, tree(t, s.out))

	write(t, filepath.Join(s.dir, r2021), src)
	s.build()
	if s.res.Incremental {
		t.Error("incremental build without a state")
	}
	sameTree(t, want, s.out)
	assertNoStaging(t, s)
}

// TestLeftoversRemoved: what killed builds leave beside the output (a
// staging directory, a retired output, the state's temporary file) is
// removed by the next build, even one with nothing to write.
func TestLeftoversRemoved(t *testing.T) {
	s := newSite(t, "small.txtar").build()
	before := tree(t, s.out)
	parent := filepath.Dir(s.out)
	for _, p := range []string{
		stagingPrefix + "public-1/reports/x/index.html",
		retiredPrefix + "public-" + stagingPrefix + "public-2/index.html",
		"." + stateName("public") + ".tmp-3",
	} {
		write(t, filepath.Join(parent, filepath.FromSlash(p)), "left by a killed build")
	}
	s.build()
	if !s.res.Incremental || s.res.Rendered != 0 {
		t.Fatalf("incremental %v, %d rendered; want nothing to do", s.res.Incremental, s.res.Rendered)
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != stateName("public") && strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	sameBytes(t, "after removing leftovers", before, tree(t, s.out))
}
