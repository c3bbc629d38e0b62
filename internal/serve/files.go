package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// ScriptTag is what every HTML page served gets, once, before </head>.
const ScriptTag = `<script src="` + reloadJSPath + `" defer></script>`

// errOutside: the name leads out of the root (through a symbolic link).
var errOutside = errors.New("outside the served directory")

// serveFile serves the file the request names under the root, an
// index.html for a directory, or the site's 404 page.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	name, ok := localName(r.URL)
	if !ok {
		s.notFound(w, r)
		return
	}
	f, info, err := s.open(name)
	if err != nil {
		s.openFailed(w, r, name, err)
		return
	}
	defer func() { f.Close() }()
	slash := strings.HasSuffix(r.URL.Path, "/")
	switch {
	case info.IsDir() && !slash:
		// Like net/http: /dir → /dir/, so that relative links resolve.
		target := r.URL.EscapedPath() + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	case info.IsDir():
		f.Close()
		name = path.Join(name, "index.html")
		if f, info, err = s.open(name); err != nil {
			s.openFailed(w, r, name, err)
			return
		}
	case slash:
		s.notFound(w, r)
		return
	}
	if !info.Mode().IsRegular() {
		s.notFound(w, r)
		return
	}
	s.send(w, r, name, f, http.StatusOK)
}

func (s *Server) openFailed(w http.ResponseWriter, r *http.Request, name string, err error) {
	if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, errOutside) {
		s.log.Warn("serve: open", "file", name, "err", err)
	}
	s.notFound(w, r)
}

// notFound answers 404 with the site's 404.html when it has one.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if f, info, err := s.open("404.html"); err == nil {
		defer f.Close()
		if info.Mode().IsRegular() {
			s.send(w, r, "404.html", f, http.StatusNotFound)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, "404：页面不存在\n")
}

// send writes the file: as it is on disk, an HTML page with ScriptTag.
func (s *Server) send(w http.ResponseWriter, r *http.Request, name string, f *os.File, status int) {
	w.Header().Set("Content-Type", contentType(name))
	var body io.ReadSeeker = f
	if isHTML(name) {
		page, err := io.ReadAll(f)
		if err != nil {
			s.log.Warn("serve: read", "file", name, "err", err)
			http.Error(w, "读取文件失败", http.StatusInternalServerError)
			return
		}
		body = bytes.NewReader(InjectScript(page))
	}
	if status == http.StatusOK {
		// Ranges and HEAD; no modification time, so no 304.
		http.ServeContent(w, r, "", time.Time{}, body)
		return
	}
	size, err := body.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = body.Seek(0, io.SeekStart)
	}
	if err != nil {
		http.Error(w, "读取文件失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Length", fmt.Sprint(size))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		io.Copy(w, body)
	}
}

// localName turns the request's path into a slash-separated name below
// the root ("" for the root itself), refusing anything that is not plainly
// such a name: dot segments, empty segments, backslashes, control
// characters, and the percent-encoded forms of '.', '/', '\', NUL and '%'
// itself (double encoding), which no link of the site contains.
func localName(u *url.URL) (string, bool) {
	raw := strings.ToLower(u.EscapedPath())
	for _, enc := range []string{"%2e", "%2f", "%5c", "%00", "%25"} {
		if strings.Contains(raw, enc) {
			return "", false
		}
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsRune(p, '\\') {
		return "", false
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return "", false
		}
	}
	name := strings.TrimSuffix(p[1:], "/")
	if name == "" {
		return "", true
	}
	for seg := range strings.SplitSeq(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
	}
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return "", false
	}
	return name, true
}

// open opens name below the root. The root is looked up afresh, since a
// build replaces it by renaming a new directory into place; symbolic links
// are resolved, and a name whose real path is not below the root's real
// path is errOutside. The file is then opened through an os.Root, so that
// a link swapped in meanwhile cannot lead out either.
func (s *Server) open(name string) (*os.File, fs.FileInfo, error) {
	rootReal, err := filepath.EvalSymlinks(s.root)
	if err != nil {
		return nil, nil, err
	}
	real, err := filepath.EvalSymlinks(filepath.Join(rootReal, filepath.FromSlash(name)))
	if err != nil {
		return nil, nil, err
	}
	rel, err := filepath.Rel(rootReal, real)
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return nil, nil, fmt.Errorf("%s: %w", name, errOutside)
	}
	root, err := os.OpenRoot(rootReal)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	f, err := root.Open(rel)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// contentTypes fixes the types of what the site holds, whatever the
// machine's MIME tables say; others come from mime, then
// application/octet-stream. Responses are never sniffed.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".csv":         "text/csv; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".xml":         "text/xml; charset=utf-8",
	".atom":        "application/atom+xml",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".pdf":         "application/pdf",
	".wasm":        "application/wasm",
	".zip":         "application/zip",
	".gz":          "application/gzip",
	".bin":         "application/octet-stream",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" && ext != "" {
		return t
	}
	return "application/octet-stream"
}

func isHTML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// InjectScript returns page with ScriptTag inserted before its first
// </head>, or else before its last </body>, or else at its end; the rest of
// the bytes are unchanged.
func InjectScript(page []byte) []byte {
	lower := asciiLower(page)
	at := bytes.Index(lower, []byte("</head>"))
	if at < 0 {
		at = bytes.LastIndex(lower, []byte("</body>"))
	}
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(ScriptTag))
	out = append(out, page[:at]...)
	out = append(out, ScriptTag...)
	return append(out, page[at:]...)
}

// asciiLower lowers A-Z only, so that offsets stay those of b.
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}
