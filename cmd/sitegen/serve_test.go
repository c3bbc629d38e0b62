package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sitegen/assets"
	"sitegen/search"
)

// syncBuffer collects a command's stderr while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `sitegen serve --port 0 ARGS…` in process and waits
// until it serves. It returns its address, its standard error, and stop,
// which cancels it and fails the test unless it exits cleanly within
// stopWithin; stop is also the test's cleanup, once.
func startServe(t *testing.T, stopWithin time.Duration, args ...string) (addr string, stderr *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = new(syncBuffer)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--port", "0"}, args...), io.Discard, stderr)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("serve exited %d: %s", code, stderr.String())
				}
			case <-time.After(stopWithin):
				t.Error("serve did not stop")
			}
		})
	}
	t.Cleanup(stop)
	addr = waitFor(t, stderr, regexp.MustCompile(`serving \S+ at (http://127\.0\.0\.1:\d+)/`))[1]
	return addr, stderr, stop
}

// TestServeStartsStale starts `sitegen serve` over an earlier build of
// content edited since: its first build makes the pages, and the search
// index follows without waiting for another save.
func TestServeStartsStale(t *testing.T) {
	dir := t.TempDir()
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	copyTree(t, "../../content", content)
	var stderr bytes.Buffer
	if code := run(t.Context(), []string{"build", "--content", content, "--out", out}, io.Discard, &stderr); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr.String())
	}
	report := filepath.Join(content, "reports", "2024", "huai-an-shi-ren-min-zheng-fu.md")
	src := readFile(t, report)
	edited := strings.Replace(src, "## 一、总体情况\n", "## 一、总体情况\n\n鑫淼犇骉栏目上线。\n", 1)
	if edited == src {
		t.Fatal("no heading to edit under")
	}
	writeFile(t, report, edited)
	_, log, stop := startServe(t, 20*time.Second, "--content", content, "--out", out)
	defer stop()
	waitFor(t, log, regexp.MustCompile(`search index updated in \S+: 1 section\(s\) indexed again`))
	stop()
	ix, err := search.Open(filepath.Join(out, "search"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(t.Context(), "鑫淼犇骉", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || !strings.HasPrefix(res.Hits[0].URL, "reports/2024/huai-an-shi-ren-min-zheng-fu/") {
		t.Errorf("the edit is found in %+v, want the edited report alone", res.Hits)
	}
}

// TestServe runs `sitegen serve` on a copy of the bundled content and
// edits it as a person would: each save is seen by the watcher, rebuilt,
// and announced to a connected browser's event stream; a save that breaks
// the report keeps the last good page served and sends the diagnostics; a
// stylesheet edit swaps the stylesheet without a reload.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../content", filepath.Join(dir, "content"))
	css, err := assets.FS.ReadFile("css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "assets", "css", "site.css"), string(css))
	addr, stderr, stop := startServe(t, 20*time.Second, "--content", filepath.Join(dir, "content"),
		"--out", filepath.Join(dir, "public"), "--assets", filepath.Join(dir, "assets"),
		"--templates", filepath.Join(dir, "templates"))
	defer stop()

	const page = "/reports/2024/huai-an-shi-ren-min-zheng-fu/"
	body := get(t, addr+page, 200)
	if !strings.Contains(body, `<script src="/__sitegen/reload.js" defer></script>`) {
		t.Fatal("the page lacks the reload script")
	}
	events := subscribe(t, t.Context(), addr)

	// A narrative edit reloads the report's page.
	report := filepath.Join(dir, "content", "reports", "2024", "huai-an-shi-ren-min-zheng-fu.md")
	src := readFile(t, report)
	edited := strings.Replace(src, "## 一、总体情况\n", "## 一、总体情况\n\n预览中新增的一段话。\n", 1)
	if edited == src {
		t.Fatal("no heading to edit under")
	}
	writeFile(t, report, edited)
	ev := next(t, events, "reload")
	if !slices.Contains(ev.Paths, page) {
		t.Errorf("reload of %v, want %s among them", ev.Paths, page)
	}
	if !strings.Contains(get(t, addr+page, 200), "预览中新增的一段话。") {
		t.Error("the served page lacks the edit")
	}
	// The search index follows.
	waitFor(t, stderr, regexp.MustCompile(`search index (updated|built anew) in`))

	// A broken figure: diagnostics, and the last good page still served.
	broken := strings.Replace(edited, "table3:\n", "table3:\n  一、本年新收政府信息公开申请数量: [x]\n", 1)
	writeFile(t, report, broken)
	ev = next(t, events, "error")
	if len(ev.Diagnostics) == 0 || !strings.HasSuffix(ev.Diagnostics[0].File, "huai-an-shi-ren-min-zheng-fu.md") || ev.Diagnostics[0].Line == 0 {
		t.Errorf("diagnostics %+v, want the report's file and line", ev.Diagnostics)
	}
	if !strings.Contains(get(t, addr+page, 200), "预览中新增的一段话。") {
		t.Error("the last good page is no longer served")
	}
	// Fixed: ok, then the pages that changed since the last good build
	// (none: it is the same report again).
	writeFile(t, report, edited)
	next(t, events, "ok")

	// A stylesheet edit: the new stylesheet for the old, no reload.
	writeFile(t, filepath.Join(dir, "assets", "css", "site.css"), string(css)+"\n.preview-edit{color:#000}\n")
	ev = next(t, events, "css")
	if len(ev.CSS) != 1 {
		t.Fatalf("css swap %v, want one stylesheet", ev.CSS)
	}
	for old, now := range ev.CSS {
		if old == now || !strings.HasPrefix(now, "/assets/css/site.") {
			t.Errorf("css swap %s → %s", old, now)
		}
		if !strings.Contains(get(t, addr+now, 200), "preview-edit") {
			t.Error("the new stylesheet lacks the edit")
		}
	}

	// Never outside the root.
	for _, p := range []string{"/../content/", "/%2e%2e/content/reports/2024/huai-an-shi-ren-min-zheng-fu.md"} {
		get(t, addr+p, 404)
	}
}

type event struct {
	Kind        string            `json:"kind"`
	Paths       []string          `json:"paths"`
	CSS         map[string]string `json:"css"`
	Diagnostics []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"diagnostics"`
}

// subscribe opens the event stream and delivers its messages.
func subscribe(t *testing.T, ctx context.Context, addr string) <-chan event {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", addr+"/__sitegen/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan event, 16)
	go func() {
		defer resp.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var ev event
			if json.Unmarshal([]byte(line), &ev) == nil && ev.Kind != "hello" {
				out <- ev
			}
		}
	}()
	return out
}

// next waits for the next event of a kind, skipping others.
func next(t *testing.T, events <-chan event, kind string) event {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("event stream closed waiting for %s", kind)
			}
			if ev.Kind == kind {
				return ev
			}
			t.Logf("skipping %s event", ev.Kind)
		case <-timeout:
			t.Fatalf("no %s event", kind)
		}
	}
}

func waitFor(t *testing.T, out *syncBuffer, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %s in:\n%s", re, out.String())
	return nil
}

func get(t *testing.T, url string, status int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Errorf("GET %s: %d, want %d", url, resp.StatusCode, status)
	}
	return string(b)
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(to, rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
