package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*.golden from what the commands print")

const (
	badDir     = "testdata/bad"
	badBaseURL = "https://example.org/"
	// badReport is the report most cases replace or copy.
	badReport = "content/reports/2021/ce-shi-shi-ling-yi-ju.md"
	// badSentinel is the good report of the base site that every case
	// leaves alone: its U1 warning is in every check, and an error put in
	// it must be reported beside the case's own.
	badSentinel = "content/reports/2020/ce-shi-shi-ce-shi-ju.md"
)

// badGenerated writes the bad files that are too large or not text to be
// kept in a case's archive; dir holds the base site.
var badGenerated = map[string]func(t *testing.T, dir string){
	"invalid-utf8": func(t *testing.T, dir string) {
		badEdit(t, dir, badReport, "## 五、存在的主要问题及改进情况\n", "## 五、存在的主要问题及改进情况\n\n培训\xff不足。\n")
	},
	"truncated": func(t *testing.T, dir string) {
		src := badRead(t, dir, badReport)
		i := strings.Index(src, "    （四）无法提供:\n")
		badWrite(t, dir, badReport, src[:i])
	},
	"truncated-mid-character": func(t *testing.T, dir string) {
		src := badRead(t, dir, badReport)
		i := strings.Index(src, "六、其他需要报告的事项")
		badWrite(t, dir, badReport, src[:i+1]) // 六 is three bytes
	},
	"binary-md": func(t *testing.T, dir string) {
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa")
		for i := range 4096 {
			png = append(png, byte(i*7))
		}
		badWrite(t, dir, "content/reports/2021/logo.md", string(png))
	},
	"report-50mb": func(t *testing.T, dir string) {
		para := strings.Repeat("本年度我局持续推进政务公开工作。", 20) + "\n\n"
		badEdit(t, dir, badReport, "## 一、总体情况\n", "## 一、总体情况\n\n"+strings.Repeat(para, 50<<20/len(para)+1))
	},
	"front-matter-300kb": func(t *testing.T, dir string) {
		badEdit(t, dir, badReport, "allow_html: false\n", "allow_html: false\nnotes: "+strings.Repeat("备注", 300<<10/6)+"\n")
	},
	"agency-50mb": func(t *testing.T, dir string) {
		badEdit(t, dir, "content/agencies/ce-shi-shi-ling-yi-ju.yaml", "website: null\n",
			"website: null\n"+strings.Repeat("# 注释注释注释注释注释注释注释注释注释注释注释注释\n", 50<<20/73+1))
	},
	"yaml-deep": func(t *testing.T, dir string) {
		badEdit(t, dir, badReport, "allow_html: false\n", "allow_html: false\nnotes: "+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+"\n")
	},
	"yaml-deep-block": func(t *testing.T, dir string) {
		badEdit(t, dir, badReport, "allow_html: false\n", "allow_html: false\nnotes:\n  "+strings.Repeat("- ", 20000)+"x\n")
	},
	"markdown-deep-list": func(t *testing.T, dir string) {
		badEdit(t, dir, badReport, "## 五、存在的主要问题及改进情况\n", "## 五、存在的主要问题及改进情况\n\n"+strings.Repeat("- ", 20000)+"要点\n")
	},
	"markdown-deep": func(t *testing.T, dir string) {
		badEdit(t, dir, badReport, "## 一、总体情况\n", "## 一、总体情况\n\n"+strings.Repeat(">", 100000)+" 引文\n")
	},
}

// TestBadInput runs check and build on each case of testdata/bad: the base
// site (base.txtar) with one bad file, from <case>.txtar or badGenerated.
// What they print and their exit codes are compared with <case>.golden
// (-update rewrites them). Every case must also show that nothing else
// breaks: no panic; the base site's other reports are still checked (their
// warning is printed, and an error put in one of them is reported beside
// the case's own); and a failed build leaves the previous build's output,
// and the state beside it, byte for byte as they were.
func TestBadInput(t *testing.T) {
	cases, err := filepath.Abs(badDir) // badRun changes the working directory
	if err != nil {
		t.Fatal(err)
	}
	prev := t.TempDir()
	badUnpack(t, filepath.Join(cases, "base.txtar"), prev)
	if code, _, stderr := badRun(t, prev, "build", "--content", "content", "--out", "public", "--base-url", badBaseURL); code != 0 {
		t.Fatalf("build of the base site: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := badRun(t, prev, "check", "--content", "content"); code != 0 || !badSentinelWarning.MatchString(stdout) {
		t.Fatalf("check of the base site: exit %d, want 0 and the U1 warning\n%s%s", code, stdout, stderr)
	}

	archives, err := filepath.Glob(filepath.Join(cases, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range archives {
		if name := strings.TrimSuffix(filepath.Base(a), ".txtar"); name != "base" {
			names = append(names, name)
		}
	}
	for name := range badGenerated {
		if !slices.Contains(names, name) {
			t.Errorf("generated case %s has no %s.txtar describing it", name, name)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			badCopy(t, prev, dir)
			badUnpack(t, filepath.Join(cases, name+".txtar"), dir)
			if gen := badGenerated[name]; gen != nil {
				gen(t, dir)
			}
			_, err := os.Stat(filepath.Join(dir, "templates"))
			themed := err == nil

			var transcript strings.Builder
			record := func(code int, stdout, stderr string, args ...string) {
				transcript.WriteString("$ sitegen " + strings.Join(args, " ") + "\n")
				transcript.WriteString(badNormalise.Replace(stdout + stderr))
				transcript.WriteString("[exit " + strconv.Itoa(code) + "]\n\n")
			}

			// check: every finding, the base site's warning among them.
			var checked []string
			if !themed {
				args := []string{"check", "--content", "content"}
				code, stdout, stderr := badRun(t, dir, args...)
				record(code, stdout, stderr, args...)
				if !badSentinelWarning.MatchString(stdout) {
					t.Errorf("check no longer reports the other reports' findings:\n%s", stdout)
				}
				checked = strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			}

			// build: fails (or, for a warning, succeeds) and a failed
			// build changes nothing.
			args := []string{"build", "--content", "content", "--out", "public", "--base-url", badBaseURL}
			if themed {
				args = append(args, "--templates", "templates")
			}
			before := badSnapshot(t, dir)
			code, stdout, stderr := badRun(t, dir, args...)
			record(code, stdout, stderr, args...)
			if code != 0 {
				badSameSnapshot(t, before, badSnapshot(t, dir))
			}

			// An error in another report is reported in the same run,
			// beside the case's own findings.
			if !themed {
				badEdit(t, dir, badSentinel, "  行政复议: [0, 0, 0, 0, 0]", "  行政复议: [0, 0, 0, 0, 1]")
				code, stdout, _ := badRun(t, dir, "check", "--content", "content")
				got := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
				var extra []string
				for _, l := range got {
					if !slices.Contains(checked, l) {
						extra = append(extra, l)
					}
				}
				for _, l := range checked {
					if !slices.Contains(got, l) {
						t.Errorf("with an error in %s, check no longer reports %s", badSentinel, l)
					}
				}
				if code != exitFindings || len(extra) != 1 || !strings.HasPrefix(extra[0], badSentinel+":") || !strings.Contains(extra[0], "error[C1]") {
					t.Errorf("with an error in %s: exit %d, new findings %q; want exit 1 and that C1 error", badSentinel, code, extra)
				}
			}

			got := transcript.String()
			golden := filepath.Join(cases, name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/sitegen -run BadInput -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (go test ./cmd/sitegen -run BadInput -update rewrites it; review the diff)\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

var (
	// badSentinelWarning is the base site's U1 warning.
	badSentinelWarning = regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(badSentinel) + `:\d+:\d+: warning\[U1\] `)
	// badNormalise hides the figures of a successful build's summary
	// that change with the theme and the machine.
	badNormalise = badReplacer{
		regexp.MustCompile(`\d+ files, [\d.]+ MB in [\d.]+[µmn]?s`), "N files, N MB in T",
		regexp.MustCompile(`\d+ of its outputs made again, \d+ changed, \d+ removed`), "N of its outputs made again, N changed, N removed",
		regexp.MustCompile(`agencies in [\d.]+[µmn]?s`), "agencies in T",
	}
)

// badReplacer replaces each regexp's matches, in turn, by the string
// after it.
type badReplacer []any

func (r badReplacer) Replace(s string) string {
	for i := 0; i < len(r); i += 2 {
		s = r[i].(*regexp.Regexp).ReplaceAllString(s, r[i+1].(string))
	}
	return s
}

// badRun runs sitegen in dir and returns its exit code and output. A
// panic (which run turns into exit 70) or a stack trace fails the test.
func badRun(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errs bytes.Buffer
	code = run(context.Background(), args, &out, &errs)
	if code == exitInternal || strings.Contains(errs.String(), "goroutine ") || strings.Contains(errs.String(), "internal error") {
		t.Errorf("sitegen %s: exit %d\n%s", strings.Join(args, " "), code, errs.String())
	}
	return code, out.String(), errs.String()
}

func badUnpack(t *testing.T, archive, dir string) {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		badWrite(t, dir, f.Name, string(f.Data))
	}
}

// badRead and badWrite name a file of the site dir by its slash path.
func badRead(t *testing.T, dir, name string) string {
	t.Helper()
	return readFile(t, filepath.Join(dir, filepath.FromSlash(name)))
}

func badWrite(t *testing.T, dir, name, data string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), data)
}

// badEdit replaces the one occurrence of old in a file.
func badEdit(t *testing.T, dir, name, old, new string) {
	t.Helper()
	src := badRead(t, dir, name)
	if n := strings.Count(src, old); n != 1 {
		t.Fatalf("%s holds %q %d times, want once", name, old, n)
	}
	badWrite(t, dir, name, strings.Replace(src, old, new, 1))
}

// badCopy copies the tree from into to, modification times included (the
// build's state trusts a file whose size and time are unchanged).
func badCopy(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.Chtimes(dst, info.ModTime(), info.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// badSnapshot digests every file of a site directory outside content/
// and templates/: the output, the build's state beside it, and anything a
// build might leave behind.
func badSnapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	snap := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "content" || rel == "templates" {
			return fs.SkipDir
		}
		if d.IsDir() {
			snap[rel+"/"] = [32]byte{}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		snap[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap) < 100 {
		t.Fatalf("the previous build has %d files and directories: not a site", len(snap))
	}
	return snap
}

func badSameSnapshot(t *testing.T, before, after map[string][32]byte) {
	t.Helper()
	for p, sum := range before {
		if got, ok := after[p]; !ok {
			t.Errorf("a failed build removed %s", p)
		} else if got != sum {
			t.Errorf("a failed build changed %s", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("a failed build left %s behind", p)
		}
	}
}
