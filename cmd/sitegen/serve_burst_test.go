package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sitegen/internal/serve"
	"sitegen/templates"
)

// TestServeBurst runs `sitegen serve` (127.0.0.1, a free port) on a copy of
// the bundled content and, at once, (a) makes 1,000 file events within a
// few seconds — reports rewritten with alternating contents, editor noise
// files and a template partial created and deleted, the layout touched —
// and (b) loads pages with 6 workers (3 of them on the rewritten reports'
// pages) and opens event streams with 2 more.
// Every request must be answered (no connection error) with 200, or 404
// for what may not exist; every page served whole. Once the burst is over
// and the last contents are written, the served site must become what a
// clean `sitegen build` of them makes, file for file and byte for byte
// (the reload script aside). Then requests that try to leave the root,
// sent raw over TCP, must all get the 404 page.
func TestServeBurst(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	copyTree(t, "../../content", content)
	layout, err := templates.FS.ReadFile("layout.html")
	if err != nil {
		t.Fatal(err)
	}
	tmplDir := filepath.Join(dir, "templates")
	writeFile(t, filepath.Join(tmplDir, "layout.html"), string(layout))
	out := filepath.Join(dir, "public")

	addr, stderr, stop := startServe(t, 30*time.Second, "--bind", "127.0.0.1", "--content", content,
		"--out", out, "--templates", tmplDir, "--assets", filepath.Join(dir, "assets"))

	// What the workers load: every page of the first build, a page that
	// comes and goes, a missing one.
	var pages []string
	for _, p := range listTree(t, out) {
		if strings.HasSuffix(p, ".html") {
			pages = append(pages, "/"+strings.TrimSuffix(p, "index.html"))
		}
	}
	const missing = "/reports/1999/no-such-report/"

	// The burst's files: three reports in two versions each.
	var reports []string
	for _, p := range []string{"2024/huai-an-shi-ren-min-zheng-fu.md", "2024/huai-an-shi-hong-ze-qu-ren-min-zheng-fu.md", "2023/huai-an-shi-hong-ze-qu-ren-min-zheng-fu.md"} {
		reports = append(reports, filepath.Join(content, "reports", filepath.FromSlash(p)))
	}
	versions := make([][2]string, len(reports))
	for i, p := range reports {
		src := readFile(t, p)
		versions[i] = [2]string{src, src + fmt.Sprintf("\n\n预览压力测试追加的第 %d 段话。\n", i+1)}
	}
	var hot []string
	for _, p := range reports {
		rel, _ := filepath.Rel(content, strings.TrimSuffix(p, ".md"))
		hot = append(hot, "/"+filepath.ToSlash(rel)+"/")
	}
	noise := []string{"2024/.huai-an-shi-ren-min-zheng-fu.md.swp", "2024/huai-an-shi-ren-min-zheng-fu.md~", "2024/4913", "2024/#x.md#", "2024/draft.tmp"}
	partial := filepath.Join(tmplDir, "partials", "burst.html")

	// (b) the load: 6 workers on pages, 2 on event streams, until the
	// burst is over and the site has settled.
	var (
		quit     = make(chan struct{})
		wg       sync.WaitGroup
		requests atomic.Int64
		failMu   sync.Mutex
		failures []string
	)
	fail := func(format string, args ...any) {
		failMu.Lock()
		defer failMu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	client := &http.Client{Timeout: 60 * time.Second}
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-quit:
					return
				default:
				}
				// Half the workers on the pages the burst rewrites.
				p := missing
				switch {
				case w < 3:
					p = hot[i%len(hot)]
				case i%10 != 0:
					p = pages[i%len(pages)]
				}
				resp, err := client.Get(addr + p)
				if err != nil {
					fail("GET %s: %v", p, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				requests.Add(1)
				switch {
				case err != nil:
					fail("GET %s: reading the body: %v", p, err)
				case p == missing && resp.StatusCode != http.StatusNotFound:
					fail("GET %s: %d, want 404", p, resp.StatusCode)
				case p != missing && resp.StatusCode != http.StatusOK:
					fail("GET %s: %d, want 200", p, resp.StatusCode)
				case !bytes.Contains(body, []byte("</html>")) || !bytes.Contains(body, []byte(serve.ScriptTag)):
					fail("GET %s: %d, a page not whole (%d bytes)", p, resp.StatusCode, len(body))
				}
			}
		}()
	}
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-quit:
					return
				default:
				}
				// A browser: the hello within a minute, however busy the
				// machine; then whatever comes for 300 ms.
				sctx, scancel := context.WithCancel(t.Context())
				timer := time.AfterFunc(time.Minute, scancel)
				req, _ := http.NewRequestWithContext(sctx, "GET", addr+"/__sitegen/events", nil)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					timer.Stop()
					scancel()
					fail("event stream: %v", err)
					continue
				}
				requests.Add(1)
				if resp.StatusCode != http.StatusOK {
					fail("event stream: %d", resp.StatusCode)
				}
				sc := bufio.NewScanner(resp.Body)
				hello := false
				for sc.Scan() {
					if !hello && strings.Contains(sc.Text(), `"kind":"hello"`) {
						hello = true
						timer.Reset(300 * time.Millisecond)
					}
				}
				timer.Stop()
				if !hello {
					fail("event stream: no hello")
				}
				resp.Body.Close()
				scancel()
			}
		}()
	}

	// (a) the burst: 1,000 file events in a few seconds.
	const events = 1000
	start := time.Now()
	for i := range events {
		switch k := i / 5; i % 5 {
		case 0, 1:
			r := k % len(reports)
			writeFile(t, reports[r], versions[r][(k/len(reports)+i)%2])
		case 2:
			p := filepath.Join(content, "reports", filepath.FromSlash(noise[k%len(noise)]))
			if k/len(noise)%2 == 0 {
				writeFile(t, p, "editor noise")
			} else if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		case 3:
			if k%2 == 0 {
				writeFile(t, partial, fmt.Sprintf(`{{ define "burst-%d" }}<p>未用的片段</p>{{ end }}`, k))
			} else if err := os.Remove(partial); err != nil {
				t.Fatal(err)
			}
		case 4:
			writeFile(t, filepath.Join(tmplDir, "layout.html"), string(layout)+fmt.Sprintf("{{/* touched %d */}}\n", k))
		}
		if i%25 == 24 {
			time.Sleep(50 * time.Millisecond) // 2 s or so in all, a few batches
		}
	}
	// The last contents: the first report edited, the others as they were,
	// the noise and the partial gone, the layout as shipped.
	for r := range reports {
		v := 0
		if r == 0 {
			v = 1
		}
		writeFile(t, reports[r], versions[r][v])
	}
	for _, n := range noise {
		_ = os.Remove(filepath.Join(content, "reports", filepath.FromSlash(n)))
	}
	_ = os.Remove(partial)
	writeFile(t, filepath.Join(tmplDir, "layout.html"), string(layout))
	t.Logf("%d file events in %v", events, time.Since(start).Round(time.Millisecond))

	// A clean build of the last contents.
	ref := filepath.Join(t.TempDir(), "public")
	var buildErr bytes.Buffer
	if code := run(context.Background(), []string{"build", "--content", content, "--templates", tmplDir, "--out", ref}, io.Discard, &buildErr); code != 0 {
		t.Fatalf("clean build of the last contents: exit %d\n%s", code, buildErr.String())
	}
	want := hashTree(t, ref)

	// Settled: the output is the clean build's, and the server has been
	// quiet (no rebuild, no search index) for a second.
	deadline := time.Now().Add(3 * time.Minute)
	var last string
	quietSince := time.Now()
	for {
		if s := stderr.String(); s != last {
			last, quietSince = s, time.Now()
		}
		if time.Since(quietSince) > time.Second && len(diffTrees(want, hashTree(t, out), true)) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the served site did not settle on the clean build's: %s\n%s", brief(diffTrees(want, hashTree(t, out), true)), tail(stderr.String(), 20))
		}
		time.Sleep(200 * time.Millisecond)
	}
	close(quit)
	wg.Wait()
	t.Logf("%d requests answered during the burst; %d rebuilds (%d failed on a half-written file); settled after %v", requests.Load(),
		strings.Count(last, " change(s): "), strings.Count(last, "build failed: "), time.Since(start).Round(time.Millisecond))
	for _, f := range failures {
		t.Error(f)
	}
	if requests.Load() < 100 {
		t.Errorf("only %d requests during the burst", requests.Load())
	}

	// Served byte for byte as built, the reload script aside. The Bleve
	// index's files have names of their own (an updated index numbers its
	// segments on): those on disk are served as they are.
	served := hashTree(t, out)
	for p, sum := range served {
		if isIndex(p) {
			want[p] = sum
		}
	}
	for p, sum := range want {
		if isIndex(p) && served[p] == "" {
			continue
		}
		resp, err := client.Get(addr + "/" + p)
		if err != nil {
			t.Fatalf("GET /%s: %v", p, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: %d", p, resp.StatusCode)
			continue
		}
		if strings.HasSuffix(p, ".html") {
			if n := bytes.Count(body, []byte(serve.ScriptTag)); n != 1 {
				t.Errorf("GET /%s: the reload script %d times", p, n)
			}
			body = bytes.Replace(body, []byte(serve.ScriptTag), nil, 1)
		}
		if fmt.Sprintf("%x", sha256.Sum256(body)) != sum {
			t.Errorf("GET /%s: not the clean build's bytes", p)
		}
	}

	checkTraversal(t, addr, dir, out)

	// Still up, and stops cleanly.
	get(t, addr+"/", http.StatusOK)
	stop()
}

// checkTraversal sends requests that try to leave the served root, as
// raw request lines over TCP (no client cleans them first): each gets the
// site's 404 page, never the secret beside the root.
func checkTraversal(t *testing.T, addr, dir, out string) {
	t.Helper()
	const secret = "SECRET beside the output directory"
	writeFile(t, filepath.Join(dir, "secret.txt"), secret)
	writeFile(t, filepath.Join(dir, "private", "index.html"), secret)
	for name, target := range map[string]string{
		"evil.txt":     "../secret.txt",                         // relative, out
		"evil-abs.txt": filepath.Join(dir, "secret.txt"),        // absolute, out
		"evildir":      "..",                                    // a directory, out
		"evil-private": filepath.Join(dir, "private"),           // a directory with index.html, out
		"reports/up":   filepath.Join("..", "..", "secret.txt"), // nested, out
	} {
		if err := os.Symlink(target, filepath.Join(out, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	host := strings.TrimPrefix(addr, "http://")
	page404 := string(serve.InjectScript([]byte(readFile(t, filepath.Join(out, "404.html")))))
	abs := filepath.ToSlash(filepath.Join(dir, "secret.txt"))
	for _, target := range []string{
		"/../secret.txt",
		"/reports/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/.%2e/secret.txt",
		"/%2e%2e%2fsecret.txt",
		"/..%2fsecret.txt",
		"/..%2Fsecret.txt",
		"/%252e%252e/secret.txt",
		"/..%5csecret.txt",
		`/..\secret.txt`,
		`/reports\..\..\secret.txt`,
		"/..%00/secret.txt",
		"//etc/passwd",
		"/%2fetc/passwd",
		abs,                                       // an absolute path, as a path below the root
		"/" + strings.ReplaceAll(abs, "/", "%2f"), // the same, encoded
		"http://" + host + "/../secret.txt",       // absolute-form
		"/evil.txt",
		"/evil-abs.txt",
		"/evildir/secret.txt",
		"/evildir/",
		"/evil-private/",
		"/reports/up",
	} {
		status, body := rawGet(t, host, target)
		if status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", target, status)
		}
		if strings.Contains(body, secret) {
			t.Errorf("GET %s: served the secret", target)
		}
		if body != page404 {
			t.Errorf("GET %s: not the site's 404 page (%d bytes)", target, len(body))
		}
	}
}

// rawGet sends one request line as it is and reads the response.
func rawGet(t *testing.T, host, target string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", host, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return resp.StatusCode, string(body)
}

// listTree lists the files under root, slash-separated, sorted.
func listTree(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	for p := range hashTree(t, root) {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
