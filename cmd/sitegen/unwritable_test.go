package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestUnwritableOutput runs `sitegen build` where it may not write: the
// directory holding the output (a full build and an incremental one), and
// the output directory itself (an incremental build, which moves files
// into it). Each fails with an error that names the output, says
// "permission denied" and that the output was left as it was; the output
// is byte for byte as it was; once the permissions are back, the next
// build succeeds and equals a clean one.
//
// Permissions do not bind root, so as root the build runs as nobody
// (uid 65534), the output given to nobody and the directory holding it
// root's; otherwise it runs as the user the test runs as. Either way the
// modes set here forbid, and the denial is the kernel's.
func TestUnwritableOutput(t *testing.T) {
	dir := t.TempDir()
	root := os.Geteuid() == 0
	if root {
		// nobody must reach the site through the test's directories.
		for _, d := range []string{filepath.Dir(dir), dir} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The sitegen command as the scripts run it: this test binary under
	// the name sitegen (see TestMain), where nobody may run it.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin", "sitegen")
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := copyFile(self, bin, 0o755); err != nil {
		t.Fatal(err)
	}

	content := filepath.Join(dir, "content")
	copyTree(t, "../../content", content)
	parent := filepath.Join(dir, "site")
	out := filepath.Join(parent, "public")
	state := filepath.Join(parent, ".public.sitegen-state")
	buildHere := func() string {
		t.Helper()
		var stderr bytes.Buffer
		if code := run(context.Background(), []string{"build", "--content", content, "--out", out}, io.Discard, &stderr); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr.String())
		}
		return stderr.String()
	}
	buildHere()
	if err := os.Chmod(state, 0o644); err != nil { // for nobody to read
		t.Fatal(err)
	}

	report := filepath.Join(content, "reports", "2024", "huai-an-shi-ren-min-zheng-fu.md")
	writeFile(t, report, readFile(t, report)+"\n\n无权写入时追加的一段话。\n")
	ref := filepath.Join(t.TempDir(), "public")
	var refErr bytes.Buffer
	if code := run(context.Background(), []string{"build", "--content", content, "--out", ref}, io.Discard, &refErr); code != 0 {
		t.Fatalf("clean build: exit %d\n%s", code, refErr.String())
	}

	// setDirs sets the mode of every directory under out. As root, it
	// also gives the output to nobody, as a user owns the output they
	// build: only the modes forbid.
	setDirs := func(mode fs.FileMode) {
		t.Helper()
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && root {
				err = os.Lchown(p, 65534, 65534)
			}
			if err == nil && d.IsDir() {
				err = os.Chmod(p, mode)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		parent fs.FileMode // of the directory holding out
		out    fs.FileMode // of every directory under out
		full   bool
	}{
		{"parent read-only, full build", 0o555, 0o755, true},
		{"parent read-only, incremental build", 0o555, 0o755, false},
		// The parent writable (by nobody too), the output not: only an
		// incremental build writes into it.
		{"output read-only, incremental build", 0o777, 0o555, false},
	} {
		before := hashTree(t, out)
		stateBefore := readFile(t, state)
		setDirs(tc.out)
		if err := os.Chmod(parent, tc.parent); err != nil {
			t.Fatal(err)
		}
		args := []string{"build", "--content", content, "--out", out}
		if tc.full {
			args = append(args, "--full")
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		if root {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534, NoSetGroups: true}}
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if err := os.Chmod(parent, 0o755); err != nil {
			t.Fatal(err)
		}
		setDirs(0o755)

		msg := stderr.String()
		t.Logf("%s: %s", tc.name, strings.TrimSpace(msg))
		var exit *exec.ExitError
		switch {
		case err == nil:
			t.Errorf("%s: the build succeeded", tc.name)
		case !errors.As(err, &exit):
			t.Fatalf("%s: %v", tc.name, err)
		case exit.ExitCode() != exitUsage:
			t.Errorf("%s: exit %d, want %d", tc.name, exit.ExitCode(), exitUsage)
		}
		for _, want := range []string{"permission denied", out + " was left as it was"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: the error does not say %q", tc.name, want)
			}
		}
		if d := diffTrees(before, hashTree(t, out), false); len(d) > 0 {
			t.Errorf("%s: the output changed: %s", tc.name, brief(d))
		}
		if _, err := os.Stat(state); err == nil && readFile(t, state) != stateBefore {
			t.Errorf("%s: the state file changed", tc.name)
		}
		entries, _ := os.ReadDir(parent)
		for _, e := range entries {
			if n := e.Name(); n != "public" && n != ".public.sitegen-state" {
				t.Errorf("%s: %s left beside the output", tc.name, n)
			}
		}
		if _, err := os.Stat(state); err != nil {
			// The output read-only: the state went before the first
			// file, which could not be moved; the next build is a full
			// one. Build it here, for the next case to start from one.
			t.Logf("%s: the state was removed before publishing", tc.name)
			buildHere()
			if err := os.Chmod(state, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Writable again: the next build succeeds and equals a clean one.
	buildHere()
	wantTree(t, "after the permissions came back", hashTree(t, ref), hashTree(t, out))
}

func copyFile(from, to string, mode fs.FileMode) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, mode)
}
