package serve

import (
	"encoding/json"
	"fmt"
	"sync"
)

// Kind names an event of the live-reload stream. The stream's messages are
// all unnamed SSE messages carrying the kind in their JSON: an SSE event
// named "error" would be taken for a failed connection by EventSource.
type Kind string

const (
	// KindReload: pages changed. The browser reloads when its page is
	// among Event.Paths, or whatever its page when Event.All.
	KindReload Kind = "reload"
	// KindCSS: stylesheets changed. Event.CSS maps each old stylesheet URL
	// to its new one (the build fingerprints CSS, so a change is a new
	// href); the browser swaps the matching <link rel=stylesheet> without
	// reloading.
	KindCSS Kind = "css"
	// KindError: the build failed. The browser shows Event.Diagnostics over
	// the page until a reload, css or ok event.
	KindError Kind = "error"
	// KindOK: the build succeeded; the browser hides the error overlay.
	KindOK Kind = "ok"

	// kindHello opens every stream with the server's identity, so that a
	// browser reconnecting to a restarted server reloads.
	kindHello Kind = "hello"
)

// Event is one message to every connected browser. Build them with
// Reload, ReloadAll, CSS, Failed and OK.
type Event struct {
	Kind        Kind              `json:"kind"`
	Paths       []string          `json:"paths,omitempty"`
	All         bool              `json:"all,omitempty"`
	CSS         map[string]string `json:"css,omitempty"`
	Diagnostics []Diagnostic      `json:"diagnostics,omitempty"`
	Server      string            `json:"server,omitempty"` // hello only
}

// Diagnostic is one problem of a failed build, as the overlay lists it:
// "file:line:col rule message". Line and Col are 1-based; 0 leaves them
// out.
type Diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`
}

// Reload asks browsers showing one of paths to reload. Paths are URL
// paths as the browser sees them, base path included (/sub/x/ for a site
// built with --base-url /sub/); /x/ and /x/index.html name the same page.
func Reload(paths ...string) Event { return Event{Kind: KindReload, Paths: paths} }

// ReloadAll asks every browser to reload.
func ReloadAll() Event { return Event{Kind: KindReload, All: true} }

// CSS asks browsers to swap stylesheets: old URL → new URL, each as the
// pages' <link href> has it (a path or an absolute URL).
func CSS(swap map[string]string) Event { return Event{Kind: KindCSS, CSS: swap} }

// Failed reports a failed build; browsers show the diagnostics, and
// browsers that connect later get them too, until the next successful
// build's event.
func Failed(diags ...Diagnostic) Event { return Event{Kind: KindError, Diagnostics: diags} }

// OK reports a successful build that changed nothing to reload.
func OK() Event { return Event{Kind: KindOK} }

// frame encodes the event as a Server-Sent Events message.
func (ev Event) frame() []byte {
	data, err := json.Marshal(ev)
	if err != nil {
		// Only strings, ints and bools: cannot fail.
		panic(fmt.Sprintf("serve: encode %s event: %v", ev.Kind, err))
	}
	return fmt.Appendf(nil, "data: %s\n\n", data)
}

var reloadAllFrame = ReloadAll().frame()

// hub holds the connected browsers and the state a newcomer needs.
type hub struct {
	mu        sync.Mutex
	clients   map[*client]struct{}
	lastError []byte // the frame of the last failed build; nil after a success
	buffer    int
}

func newHub(buffer int) *hub {
	return &hub{clients: map[*client]struct{}{}, buffer: buffer}
}

// add registers a browser; it starts with the current error, if any.
func (h *hub) add() *client {
	c := &client{max: h.buffer, wake: make(chan struct{}, 1)}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.clients[c] = struct{}{}
	if h.lastError != nil {
		c.push(h.lastError)
	}
	return c
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}

func (h *hub) len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

func (h *hub) broadcast(ev Event) {
	f := ev.frame()
	h.mu.Lock()
	defer h.mu.Unlock()
	switch ev.Kind {
	case KindError:
		h.lastError = f
	case KindReload, KindCSS, KindOK:
		h.lastError = nil
	}
	for c := range h.clients {
		c.push(f)
	}
}

// client is one browser's queue of frames, bounded: a browser that falls
// more than max frames behind gets a single "reload all" instead, and
// nothing more until it has taken it (reloading, it reconnects and gets the
// current state).
type client struct {
	mu       sync.Mutex
	queue    [][]byte
	overflow bool
	max      int
	wake     chan struct{} // signalled when the queue is not empty
}

func (c *client) push(f []byte) {
	c.mu.Lock()
	switch {
	case c.overflow:
	case len(c.queue) >= c.max:
		c.queue = [][]byte{reloadAllFrame}
		c.overflow = true
	default:
		c.queue = append(c.queue, f)
	}
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *client) take() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	q := c.queue
	c.queue, c.overflow = nil, false
	return q
}
