package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// On Linux a full build's output is swapped in by one exchange of the two
// paths: no moment without an output, so nothing is ever renamed aside.
func TestPublishSwapsInOneStep(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	write(t, filepath.Join(out, "index.html"), "old")
	o, err := newOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.write("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Add(parent); err != nil {
		t.Fatal(err)
	}
	if err := o.publish(out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "index.html")); string(got) != "new" {
		t.Errorf("published index.html = %q, want new", got)
	}
	timeout := time.After(500 * time.Millisecond)
	for {
		select {
		case ev := <-w.Events:
			if strings.HasPrefix(filepath.Base(ev.Name), retiredPrefix) {
				t.Errorf("the previous output was renamed aside (%s): the output was missing for a moment", ev)
			}
		case err := <-w.Errors:
			t.Fatal(err)
		case <-timeout:
			left, _ := os.ReadDir(parent)
			if len(left) != 1 || left[0].Name() != "public" {
				t.Errorf("left beside the output: %v", left)
			}
			return
		}
	}
}
