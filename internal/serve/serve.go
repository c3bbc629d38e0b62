// Package serve is the preview server of `sitegen serve`: it serves the
// build's output directory as a static host would, and reloads the
// browsers looking at it when the build says what changed.
//
// Files are served byte for byte, with the Content-Security-Policy and the
// other headers of netlify.toml, Cache-Control: no-store, and a fixed
// Content-Type per extension. The only change: every HTML page gets
// ScriptTag, which loads /__sitegen/reload.js. Nothing outside the root is
// ever served: dot segments and their percent-encoded forms are refused,
// symbolic links are followed only while their target stays under the
// root. A directory serves its index.html (/dir redirects to /dir/); a
// missing file gets the site's 404.html with status 404.
//
// The root is opened afresh for every request, since the build replaces it
// by renaming a new directory into place.
//
// # Live reload
//
// The script listens to /__sitegen/events, a Server-Sent Events stream fed
// by Broadcast. Each message is one JSON object (unnamed SSE messages: an
// event named "error" would read as a failed connection):
//
//	{"kind":"hello","server":"…"}              first on every stream; a browser
//	                                           that reconnects to another
//	                                           server (restarted) reloads
//	{"kind":"reload","paths":["/a/",…]}        or {"kind":"reload","all":true}
//	{"kind":"css","css":{"/old.css":"/new.css"}}
//	{"kind":"error","diagnostics":[{"file","line","col","rule","severity","message"}]}
//	{"kind":"ok"}
//
// A browser reloads when its own page is among the paths; swaps the
// stylesheets named by css; shows an overlay listing the diagnostics of a
// failed build (also to browsers connecting later) until the next reload,
// css or ok event. Comments keep the stream alive. A browser that falls
// behind by more than Options.ClientBuffer events gets one "reload all".
// The script reconnects with backoff when the server goes away.
package serve

import (
	"context"
	"crypto/rand"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// The listen address `sitegen serve` uses when not told otherwise:
// 127.0.0.1 keeps the preview on this machine; --bind 0.0.0.0 shows it to
// the network.
const (
	DefaultBind = "127.0.0.1"
	DefaultPort = 1313
)

// The paths the server keeps for itself.
const (
	ownPrefix     = "/__sitegen/"
	reloadJSPath  = ownPrefix + "reload.js"
	reloadCSSPath = ownPrefix + "reload.css"
	eventsPath    = ownPrefix + "events"
)

var (
	//go:embed reload.js
	reloadJS []byte
	//go:embed reload.css
	reloadCSS []byte
)

// Options tune a Server; the zero value gives the defaults.
type Options struct {
	// Logger receives what went wrong serving a file; nil discards.
	Logger *slog.Logger
	// Heartbeat is how often an idle event stream gets a comment, so that
	// proxies and browsers keep it open; default 15 s.
	Heartbeat time.Duration
	// ClientBuffer is how many events a browser may fall behind before it
	// is told to reload everything instead; default 64.
	ClientBuffer int
}

// Server serves a build's output directory with live reload.
type Server struct {
	root string
	opts Options
	log  *slog.Logger
	hub  *hub
	id   string

	done      chan struct{} // closed by Close: event streams end
	closeOnce sync.Once
}

// New returns a server of the directory root, which need not exist yet.
func New(root string, opts Options) *Server {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = 15 * time.Second
	}
	if opts.ClientBuffer <= 0 {
		opts.ClientBuffer = 64
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{
		root: root,
		opts: opts,
		log:  log,
		hub:  newHub(opts.ClientBuffer),
		id:   rand.Text(),
		done: make(chan struct{}),
	}
}

// Addr joins a bind address and a port into a listen address;
// an empty bind is DefaultBind: Addr("", 1313) is "127.0.0.1:1313",
// Addr("::1", 8080) is "[::1]:8080".
func Addr(bind string, port int) string {
	if bind == "" {
		bind = DefaultBind
	}
	return net.JoinHostPort(bind, strconv.Itoa(port))
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setHeaders(w.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "只支持 GET 和 HEAD 请求", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case reloadJSPath:
		s.sendOwn(w, r, reloadJS, "text/javascript; charset=utf-8")
	case reloadCSSPath:
		s.sendOwn(w, r, reloadCSS, "text/css; charset=utf-8")
	case eventsPath:
		s.serveEvents(w, r)
	default:
		s.serveFile(w, r)
	}
}

func (s *Server) sendOwn(w http.ResponseWriter, r *http.Request, body []byte, ctype string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// Broadcast sends ev to every connected browser. It never blocks on a
// browser and may be called from any goroutine.
func (s *Server) Broadcast(ev Event) { s.hub.broadcast(ev) }

// Close ends every event stream; browsers reconnect with backoff. A
// Server is not meant to serve again after Close.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.done) })
}

// ListenAndServe listens on addr and serves until ctx is cancelled, then
// shuts down gracefully. It returns nil after a shutdown, or why it could
// not listen or serve.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled, then shuts down gracefully:
// the event streams end, requests in flight get a few seconds to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	return nil
}

// serveEvents streams events to one browser until it goes away or the
// server closes.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	select {
	case <-s.done:
		http.Error(w, "服务器正在关闭", http.StatusServiceUnavailable)
		return
	default:
	}
	if r.Method == http.MethodHead {
		return
	}
	// Registered before the hello is written: a browser that has the
	// hello gets every later event. The current error, if any, is already
	// queued and follows the hello.
	c := s.hub.add()
	defer s.hub.remove(c)

	write := func(frames ...[]byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
		for _, f := range frames {
			if _, err := w.Write(f); err != nil {
				return false
			}
		}
		return rc.Flush() == nil
	}
	w.WriteHeader(http.StatusOK)
	hello := Event{Kind: kindHello, Server: s.id}.frame()
	if !write([]byte("retry: 1000\n\n"), hello) {
		return
	}
	tick := time.NewTicker(s.opts.Heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-c.wake:
			if !write(c.take()...) {
				return
			}
		case <-tick.C:
			if !write([]byte(": ping\n\n")) {
				return
			}
		}
	}
}
