package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

const waitFor = 10 * time.Second

// stream is one browser's view of /__sitegen/events.
type stream struct {
	t      *testing.T
	resp   *http.Response
	cancel context.CancelFunc
	msgs   chan string // data of each message, comments as ":…"
}

func connect(t *testing.T, base string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+eventsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("events: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	assertHeaders(t, "events", resp.Header)
	s := &stream{t: t, resp: resp, cancel: cancel, msgs: make(chan string, 100)}
	go s.read()
	t.Cleanup(s.close)
	return s
}

func (s *stream) read() {
	defer close(s.msgs)
	sc := bufio.NewScanner(s.resp.Body)
	var data []string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if data != nil {
				s.msgs <- strings.Join(data, "\n")
				data = nil
			}
		case strings.HasPrefix(line, ":"):
			s.msgs <- line
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		case strings.HasPrefix(line, "retry: "):
		default:
			s.msgs <- "unexpected line " + line
		}
	}
}

func (s *stream) close() {
	s.cancel()
	s.resp.Body.Close()
}

// next returns the next message, skipping heartbeats.
func (s *stream) next() map[string]any {
	s.t.Helper()
	timeout := time.After(waitFor)
	for {
		select {
		case m, ok := <-s.msgs:
			if !ok {
				s.t.Fatal("stream ended")
			}
			if strings.HasPrefix(m, ":") {
				continue
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(m), &v); err != nil {
				s.t.Fatalf("message %q: %v", m, err)
			}
			return v
		case <-timeout:
			s.t.Fatal("no message")
		}
	}
}

func (s *stream) expect(want string) {
	s.t.Helper()
	got, err := json.Marshal(s.next())
	if err != nil {
		s.t.Fatal(err)
	}
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		s.t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(w)
	if string(got) != string(wantJSON) {
		s.t.Fatalf("message\n got %s\nwant %s", got, wantJSON)
	}
}

// hello reads the first message and returns the server's id.
func (s *stream) hello() string {
	s.t.Helper()
	m := s.next()
	if m["kind"] != "hello" || m["server"] == "" {
		s.t.Fatalf("first message %v, want hello", m)
	}
	return m["server"].(string)
}

func start(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	s := New(site(t), opts)
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return s, ts.URL
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still not %s after %v", what, waitFor)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var diags = []Diagnostic{
	{File: "content/reports/2020/a.md", Line: 62, Col: 23, Rule: "C1", Severity: "error", Message: "行政复议: 总计 = 0"},
	{File: "content/reports/2020/b.md", Line: 3, Col: 1, Rule: "U1", Severity: "warning", Message: "没有单位"},
}

const diagsJSON = `[
	{"file":"content/reports/2020/a.md","line":62,"col":23,"rule":"C1","severity":"error","message":"行政复议: 总计 = 0"},
	{"file":"content/reports/2020/b.md","line":3,"col":1,"rule":"U1","severity":"warning","message":"没有单位"}]`

func TestEventsInOrder(t *testing.T) {
	s, base := start(t, Options{})
	a, b := connect(t, base), connect(t, base)
	if a.hello() != b.hello() {
		t.Error("two ids for one server")
	}
	s.Broadcast(Reload("/reports/2020/a/", "/agencies/"))
	s.Broadcast(CSS(map[string]string{"/assets/css/site.abc.css": "/assets/css/site.def.css"}))
	s.Broadcast(Failed(diags...))
	s.Broadcast(OK())
	s.Broadcast(ReloadAll())
	for _, c := range []*stream{a, b} {
		c.expect(`{"kind":"reload","paths":["/reports/2020/a/","/agencies/"]}`)
		c.expect(`{"kind":"css","css":{"/assets/css/site.abc.css":"/assets/css/site.def.css"}}`)
		c.expect(`{"kind":"error","diagnostics":` + diagsJSON + `}`)
		c.expect(`{"kind":"ok"}`)
		c.expect(`{"kind":"reload","all":true}`)
	}
}

func TestLateClientGetsTheCurrentError(t *testing.T) {
	s, base := start(t, Options{})
	s.Broadcast(Failed(diags[:1]...))
	s.Broadcast(Failed(diags...)) // the last failure counts
	late := connect(t, base)
	late.hello()
	late.expect(`{"kind":"error","diagnostics":` + diagsJSON + `}`)

	// After a successful build, a newcomer starts clean.
	for _, success := range []Event{OK(), Reload("/x/"), CSS(map[string]string{"/a.css": "/b.css"})} {
		s.Broadcast(Failed(diags...))
		s.Broadcast(success)
		c := connect(t, base)
		c.hello()
		s.Broadcast(Reload("/marker/"))
		c.expect(`{"kind":"reload","paths":["/marker/"]}`)
	}
}

func TestHeartbeat(t *testing.T) {
	_, base := start(t, Options{Heartbeat: 10 * time.Millisecond})
	c := connect(t, base)
	c.hello()
	timeout := time.After(waitFor)
	for {
		select {
		case m := <-c.msgs:
			if m == ": ping" {
				return
			}
		case <-timeout:
			t.Fatal("no heartbeat")
		}
	}
}

func TestDisconnectRemovesTheClient(t *testing.T) {
	s, base := start(t, Options{})
	var streams []*stream
	for range 3 {
		c := connect(t, base)
		c.hello() // registered before its hello is written
		streams = append(streams, c)
	}
	if n := s.hub.len(); n != 3 {
		t.Fatalf("%d clients, want 3", n)
	}
	streams[1].close()
	waitUntil(t, "2 clients", func() bool { return s.hub.len() == 2 })
	s.Broadcast(Reload("/after/"))
	streams[0].expect(`{"kind":"reload","paths":["/after/"]}`)
	streams[2].expect(`{"kind":"reload","paths":["/after/"]}`)
	streams[0].close()
	streams[2].close()
	waitUntil(t, "0 clients", func() bool { return s.hub.len() == 0 })
}

// A browser that falls too far behind gets one "reload all" instead of
// what it missed.
func TestSlowClientOverflow(t *testing.T) {
	h := newHub(3)
	c := h.add()
	for i := range 3 {
		h.broadcast(Reload(fmt.Sprintf("/p%d/", i)))
	}
	if q := c.take(); len(q) != 3 {
		t.Fatalf("queue %q", q)
	}
	for i := range 5 {
		h.broadcast(Reload(fmt.Sprintf("/p%d/", i)))
	}
	h.broadcast(OK())
	q := c.take()
	if len(q) != 1 || string(q[0]) != string(reloadAllFrame) {
		t.Fatalf("queue %q", q)
	}
	if q := c.take(); len(q) != 0 {
		t.Fatalf("queue %q after take", q)
	}
	h.broadcast(OK())
	if q := c.take(); len(q) != 1 || string(q[0]) != "data: {\"kind\":\"ok\"}\n\n" {
		t.Fatalf("queue %q after overflow was taken", q)
	}
}

// Broadcasts from many goroutines while browsers come and go (run with
// -race): every browser gets every event of one sender, in its order.
func TestConcurrentBroadcast(t *testing.T) {
	s, base := start(t, Options{ClientBuffer: 1000})
	const senders, each = 4, 25
	var streams []*stream
	for range 3 {
		c := connect(t, base)
		c.hello()
		streams = append(streams, c)
	}
	var wg sync.WaitGroup
	for g := range senders {
		wg.Go(func() {
			for i := range each {
				s.Broadcast(Reload(fmt.Sprintf("/g%d/%d/", g, i)))
			}
		})
	}
	// Browsers connecting and leaving meanwhile.
	for range 2 {
		wg.Go(func() {
			for range 5 {
				ctx, cancel := context.WithCancel(context.Background())
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+eventsPath, nil)
				if resp, err := http.DefaultClient.Do(req); err == nil {
					io.ReadAll(io.LimitReader(resp.Body, 10))
					resp.Body.Close()
				}
				cancel()
			}
		})
	}
	wg.Wait()
	for _, c := range streams {
		next := make([]int, senders)
		for range senders * each {
			m := c.next()
			var g, i int
			if _, err := fmt.Sscanf(m["paths"].([]any)[0].(string), "/g%d/%d/", &g, &i); err != nil {
				t.Fatal(err)
			}
			if i != next[g] {
				t.Fatalf("sender %d: got %d, want %d", g, i, next[g])
			}
			next[g]++
		}
	}
	waitUntil(t, "3 clients", func() bool { return s.hub.len() == 3 })
}

func TestServeShutsDownOnCancel(t *testing.T) {
	s := New(site(t), Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()

	resp, err := http.Get(base + "/robots.txt")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET: %v %v", resp, err)
	}
	resp.Body.Close()
	c := connect(t, base)
	c.hello()

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(waitFor):
		t.Fatal("Serve did not return: an event stream kept it open?")
	}
	// The stream has ended.
	timeout := time.After(waitFor)
	for {
		select {
		case _, ok := <-c.msgs:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("stream still open")
		}
	}
}

func TestListenAndServeErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s := New(t.TempDir(), Options{})
	err = s.ListenAndServe(context.Background(), ln.Addr().String())
	if err == nil || !strings.Contains(err.Error(), "serve:") {
		t.Fatalf("port in use: %v", err)
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("%v does not wrap the listen error", err)
	}
}

func TestAddr(t *testing.T) {
	for _, c := range []struct {
		bind string
		port int
		want string
	}{
		{"", 1313, "127.0.0.1:1313"},
		{"127.0.0.1", DefaultPort, "127.0.0.1:1313"},
		{"0.0.0.0", 8080, "0.0.0.0:8080"},
		{"::1", 8080, "[::1]:8080"},
		{"localhost", 0, "localhost:0"},
	} {
		if got := Addr(c.bind, c.port); got != c.want {
			t.Errorf("Addr(%q, %d) = %q, want %q", c.bind, c.port, got, c.want)
		}
	}
}

func TestEventJSON(t *testing.T) {
	for ev, want := range map[string]Event{
		`{"kind":"reload","paths":["/a/"]}`:            Reload("/a/"),
		`{"kind":"reload","all":true}`:                 ReloadAll(),
		`{"kind":"ok"}`:                                OK(),
		`{"kind":"css","css":{"/a.1.css":"/a.2.css"}}`: CSS(map[string]string{"/a.1.css": "/a.2.css"}),
	} {
		if got := string(want.frame()); got != "data: "+ev+"\n\n" {
			t.Errorf("frame %q, want %q", got, ev)
		}
	}
	var back Event
	if err := json.Unmarshal([]byte(`{"kind":"error","diagnostics":`+diagsJSON+`}`), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, Failed(diags...)) {
		t.Errorf("decoded %+v", back)
	}
}

func TestLocalName(t *testing.T) {
	for target, want := range map[string]string{
		"/":                    "",
		"/index.html":          "index.html",
		"/reports/2020/a/":     "reports/2020/a",
		"/%E6%8A%A5%E5%91%8A/": "报告",
		"/a%20b.html":          "a b.html",
		"/a.b..c":              "a.b..c",
	} {
		u, _ := url.ParseRequestURI(target)
		if got, ok := localName(u); !ok || got != want {
			t.Errorf("localName(%q) = %q, %v; want %q", target, got, ok, want)
		}
	}
	for _, target := range []string{
		"/..", "/../", "/a/..", "/a/../b", "/.", "/./a", "/a/./b", "/a//b", "//a",
		"/%2e%2e/", "/%2E./", "/a%2fb", "/a%2Fb", "/a%5cb", "/a%00b", "/%252e%252e/", "/a%25b",
		`/a\b`, `/..\a`, "/a\x01b", "/a%7fb", "/a%0ab",
	} {
		u, err := url.ParseRequestURI(target)
		if err != nil {
			continue // refused before it reaches us
		}
		if got, ok := localName(u); ok {
			t.Errorf("localName(%q) = %q, accepted", target, got)
		}
	}
}
