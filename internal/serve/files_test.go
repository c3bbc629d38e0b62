package serve

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const secret = "TOP SECRET outside the root"

// site writes a small build output under dir/public, a secret beside it,
// and symbolic links in and out; it returns the root.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	root := filepath.Join(dir, "public")
	binary := make([]byte, 512)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	files := map[string]string{
		"index.html":              "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>首页</title><link rel=\"stylesheet\" href=\"/assets/css/site.abc.css\"></head><body><p>正文 </head> 之后</p></body></html>",
		"404.html":                "<!doctype html><html><head><title>页面不存在</title></head><body><h1>404</h1></body></html>",
		"about/index.html":        "<!DOCTYPE html><HTML><HEAD><TITLE>关于</TITLE></HEAD><BODY>大写</BODY></HTML>",
		"body-only.html":          "<p>片段</p></body>\n<!-- </body> -->",
		"fragment.htm":            "<p>没有 head 和 body</p>",
		"empty/.keep":             "",
		"assets/css/site.abc.css": "body{color:#111}\n",
		"data/report.json":        `{"agency":"淮安市人民政府","year":2020}`,
		"data/table2.csv":         "\ufeff项目,数量\r\n收到申请,12\r\n",
		"charts/a.svg":            `<svg xmlns="http://www.w3.org/2000/svg"><title>图</title></svg>`,
		"feed.xml":                `<?xml version="1.0" encoding="utf-8"?><feed/>`,
		"robots.txt":              "User-agent: *\n",
		"blob.bin":                string(binary),
		"noext":                   "what am I",
		"search/shard.idx":        "\x00\x01index",
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(content), 0o644))
	}
	must(t, os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "private"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "private", "index.html"), []byte(secret), 0o644))
	links := map[string]string{
		"evil.txt":      "../secret.txt",                                // relative, out
		"evil-abs.txt":  filepath.Join(dir, "secret.txt"),               // absolute, out
		"evildir":       "..",                                           // a directory, out
		"evil-private":  "../private",                                   // a directory with index.html, out
		"assets/up":     "../../secret.txt",                             // nested, out
		"alias.css":     "assets/css/site.abc.css",                      // relative, in
		"alias-abs.css": filepath.Join(root, "assets/css/site.abc.css"), // absolute, in
		"aliasdir":      "about",                                        // a directory, in
		"dangling.html": "nowhere.html",
	}
	for name, target := range links {
		must(t, os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))))
	}
	return root
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, h http.Handler, target string) *http.Response {
	t.Helper()
	return do(t, h, http.MethodGet, target)
}

func do(t *testing.T, h http.Handler, method, target string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, "http://localhost:1313/", nil)
	// The target as a client could send it, parsed as net/http's server
	// parses it (no cleaning).
	u, err := url.ParseRequestURI(target)
	if err != nil {
		t.Fatalf("parse %q: %v", target, err)
	}
	req.RequestURI, req.URL = target, u
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func read(t *testing.T, root, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTraversalIsRefused(t *testing.T) {
	root := site(t)
	s := New(root, Options{})
	page404 := InjectScript(read(t, root, "404.html"))
	for _, target := range []string{
		"/../secret.txt",
		"/assets/../../secret.txt",
		"/assets/css/../../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/.%2e/secret.txt",
		"/%2e%2e%2fsecret.txt",
		"/..%2fsecret.txt",
		"/..%2Fsecret.txt",
		"/%252e%252e/secret.txt",
		"/%252e%252e%252fsecret.txt",
		"/%25252e%25252e/secret.txt",
		"/..%5csecret.txt",
		"/..%5Csecret.txt",
		`/..\secret.txt`,
		`/assets\..\..\secret.txt`,
		"/%2fetc/passwd",
		"//etc/passwd",
		"///etc/passwd",
		"/%2F%2Fetc/passwd",
		"/etc/passwd",
		"http://localhost:1313/../secret.txt",
		"/index.html%00.css",
		"/%00",
		"/./index.html",
		"/evil.txt",
		"/evil-abs.txt",
		"/evildir/secret.txt",
		"/evildir/",
		"/evildir",
		"/evil-private/",
		"/evil-private/index.html",
		"/assets/up",
		"/dangling.html",
		"/missing.html",
		"/assets/css/site.abc.css/",
		"/empty/",
	} {
		resp := get(t, s, target)
		b := body(t, resp)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("GET %s: served the secret", target)
		}
		if !bytes.Equal(b, page404) {
			t.Errorf("GET %s: body %q, want the site's 404 page", target, b)
		}
	}
}

func TestSymlinksInsideAreFollowed(t *testing.T) {
	root := site(t)
	s := New(root, Options{})
	css := read(t, root, "assets/css/site.abc.css")
	for _, target := range []string{"/alias.css", "/alias-abs.css"} {
		resp := get(t, s, target)
		if b := body(t, resp); resp.StatusCode != 200 || !bytes.Equal(b, css) {
			t.Errorf("GET %s: %d %q", target, resp.StatusCode, b)
		}
	}
	resp := get(t, s, "/aliasdir/")
	if b := body(t, resp); resp.StatusCode != 200 || !bytes.Equal(b, InjectScript(read(t, root, "about/index.html"))) {
		t.Errorf("GET /aliasdir/: %d %q", resp.StatusCode, b)
	}
}

// A root reached through a symbolic link is served; links are judged
// against its real path.
func TestRootThroughSymlink(t *testing.T) {
	root := site(t)
	link := filepath.Join(t.TempDir(), "site")
	must(t, os.Symlink(root, link))
	s := New(link, Options{})
	if resp := get(t, s, "/alias.css"); resp.StatusCode != 200 {
		t.Errorf("/alias.css: %d", resp.StatusCode)
	}
	if resp := get(t, s, "/evil.txt"); resp.StatusCode != 404 {
		t.Errorf("/evil.txt: %d", resp.StatusCode)
	}
}

func TestFilesByteForByte(t *testing.T) {
	root := site(t)
	s := New(root, Options{})
	for name, ctype := range map[string]string{
		"assets/css/site.abc.css": "text/css; charset=utf-8",
		"data/report.json":        "application/json",
		"data/table2.csv":         "text/csv; charset=utf-8",
		"charts/a.svg":            "image/svg+xml",
		"feed.xml":                "text/xml; charset=utf-8",
		"robots.txt":              "text/plain; charset=utf-8",
		"blob.bin":                "application/octet-stream",
		"noext":                   "application/octet-stream",
		"search/shard.idx":        "application/octet-stream",
	} {
		resp := get(t, s, "/"+name)
		b := body(t, resp)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", name, resp.StatusCode)
		}
		if !bytes.Equal(b, read(t, root, name)) {
			t.Errorf("%s: body differs from the file: %q", name, b)
		}
		if got := resp.Header.Get("Content-Type"); got != ctype {
			t.Errorf("%s: Content-Type %q, want %q", name, got, ctype)
		}
		assertHeaders(t, name, resp.Header)
	}
}

func assertHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	for name, want := range SecurityHeaders() {
		if got := h.Values(name); len(got) != 1 || got[0] != want[0] {
			t.Errorf("%s: %s = %q, want %q", what, name, got, want)
		}
	}
	if got := h.Get("Cache-Control"); got != "no-store" {
		t.Errorf("%s: Cache-Control = %q", what, got)
	}
}

func TestHTMLGetsTheScriptOnce(t *testing.T) {
	root := site(t)
	s := New(root, Options{})
	for target, file := range map[string]string{
		"/":               "index.html",
		"/index.html":     "index.html",
		"/about/":         "about/index.html",
		"/body-only.html": "body-only.html",
		"/fragment.htm":   "fragment.htm",
	} {
		resp := get(t, s, target)
		b := body(t, resp)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", target, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", target, got)
		}
		assertHeaders(t, target, resp.Header)
		if n := bytes.Count(b, []byte("<script")); n != 1 {
			t.Errorf("%s: %d script tags", target, n)
		}
		orig := read(t, root, file)
		if without := bytes.Replace(b, []byte(ScriptTag), nil, 1); !bytes.Equal(without, orig) {
			t.Errorf("%s: without the script tag\n%q\nis not the file\n%q", target, without, orig)
		}
	}
	// Where it goes.
	for page, want := range map[string]string{
		"<html><head><title>x</title></head><body></body></html>": "<html><head><title>x</title>" + ScriptTag + "</head><body></body></html>",
		"<HTML><HEAD></HEAD><p>一</p></HTML>":                      "<HTML><HEAD>" + ScriptTag + "</HEAD><p>一</p></HTML>",
		"<head></head><p></head></p>":                             "<head>" + ScriptTag + "</head><p></head></p>",
		"<p>İ</p></BODY><!-- </body> -->":                         "<p>İ</p></BODY><!-- " + ScriptTag + "</body> -->",
		"<p>片段</p>":                                               "<p>片段</p>" + ScriptTag,
		"":                                                        ScriptTag,
	} {
		if got := string(InjectScript([]byte(page))); got != want {
			t.Errorf("InjectScript(%q) = %q, want %q", page, got, want)
		}
	}
}

func TestDirectories(t *testing.T) {
	root := site(t)
	s := New(root, Options{})
	for target, location := range map[string]string{
		"/about":         "/about/",
		"/about?x=1&y=2": "/about/?x=1&y=2",
		"/aliasdir":      "/aliasdir/",
	} {
		resp := get(t, s, target)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != location {
			t.Errorf("GET %s: %d Location %q, want 301 %q", target, resp.StatusCode, resp.Header.Get("Location"), location)
		}
		assertHeaders(t, target, resp.Header)
	}
}

func TestNotFound(t *testing.T) {
	root := site(t)
	s := New(root, Options{})
	resp := get(t, s, "/reports/2099/nobody/")
	b := body(t, resp)
	if resp.StatusCode != 404 || !bytes.Equal(b, InjectScript(read(t, root, "404.html"))) {
		t.Errorf("404: %d %q", resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("404 Content-Type %q", ct)
	}
	assertHeaders(t, "404", resp.Header)

	resp = do(t, s, http.MethodHead, "/missing")
	if b := body(t, resp); resp.StatusCode != 404 || len(b) != 0 {
		t.Errorf("HEAD missing: %d %q", resp.StatusCode, b)
	}

	// Without a 404.html: a plain answer.
	must(t, os.Remove(filepath.Join(root, "404.html")))
	resp = get(t, s, "/missing")
	b = body(t, resp)
	if resp.StatusCode != 404 || !strings.Contains(string(b), "404") || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("no 404.html: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}

	// Without a root at all (before the first build).
	s = New(filepath.Join(t.TempDir(), "nothing"), Options{})
	if resp := get(t, s, "/"); resp.StatusCode != 404 {
		t.Errorf("no root: %d", resp.StatusCode)
	}
}

func TestMethods(t *testing.T) {
	s := New(site(t), Options{})
	resp := do(t, s, http.MethodPost, "/index.html")
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	resp = do(t, s, http.MethodHead, "/data/report.json")
	if b := body(t, resp); resp.StatusCode != 200 || len(b) != 0 || resp.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD: %d %q length %q", resp.StatusCode, b, resp.Header.Get("Content-Length"))
	}
}

// The build swaps a new directory in by renaming: every request sees the
// directory in place at the time.
func TestRootReplaced(t *testing.T) {
	root := site(t)
	s := New(root, Options{})
	before := body(t, get(t, s, "/robots.txt"))

	staging := filepath.Join(filepath.Dir(root), ".sitegen-new-public-1")
	must(t, os.MkdirAll(staging, 0o755))
	must(t, os.WriteFile(filepath.Join(staging, "robots.txt"), []byte("User-agent: new\n"), 0o644))
	must(t, os.Rename(root, filepath.Join(filepath.Dir(root), ".sitegen-old-public-1")))
	must(t, os.Rename(staging, root))

	after := body(t, get(t, s, "/robots.txt"))
	if string(before) == string(after) || string(after) != "User-agent: new\n" {
		t.Errorf("before %q, after %q", before, after)
	}
}

func TestOwnFiles(t *testing.T) {
	s := New(site(t), Options{})
	for target, want := range map[string]struct {
		ctype string
		body  []byte
	}{
		"/__sitegen/reload.js":  {"text/javascript; charset=utf-8", reloadJS},
		"/__sitegen/reload.css": {"text/css; charset=utf-8", reloadCSS},
	} {
		resp := get(t, s, target)
		if b := body(t, resp); resp.StatusCode != 200 || !bytes.Equal(b, want.body) || resp.Header.Get("Content-Type") != want.ctype {
			t.Errorf("%s: %d %q", target, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		assertHeaders(t, target, resp.Header)
	}
	if resp := get(t, s, "/__sitegen/other"); resp.StatusCode != 404 {
		t.Errorf("/__sitegen/other: %d", resp.StatusCode)
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a.HTML": "text/html; charset=utf-8", "a.js": "text/javascript; charset=utf-8",
		"a.png": "image/png", "a.woff2": "font/woff2", "a": "application/octet-stream",
		"a.unknownext": "application/octet-stream", "dir.v1/file": "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

// The headers are those of netlify.toml for "/*".
func TestSecurityHeadersMatchNetlify(t *testing.T) {
	toml, err := os.ReadFile("../../netlify.toml")
	if err != nil {
		t.Skip("no netlify.toml:", err)
	}
	want := http.Header{}
	in := false
	for line := range strings.Lines(string(toml)) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "[[headers]]"):
			in = false
		case line == `for = "/*"`:
			in = true
		case in && strings.Contains(line, " = \""):
			k, v, _ := strings.Cut(line, " = ")
			want.Set(k, strings.Trim(v, `"`))
		}
	}
	if len(want) == 0 {
		t.Fatal(`no headers for "/*" in netlify.toml`)
	}
	got := SecurityHeaders()
	for k := range want {
		if got.Get(k) != want.Get(k) {
			t.Errorf("%s:\n got %q\nwant %q (netlify.toml)", k, got.Get(k), want.Get(k))
		}
	}
	for k := range got {
		if want.Get(k) == "" {
			t.Errorf("%s is not in netlify.toml", k)
		}
	}
}
