package build

import (
	"crypto/sha256"
	"io/fs"
	"maps"
	"time"

	"sitegen/internal/render"
	"sitegen/internal/report"
)

// A build whose content files, theme, options and program are all as the
// last build left them has nothing to do, and can know it without reading
// the content: it compares each file's size and modification time with
// the ones the state recorded (as make and git do), and takes the
// findings the last build made from the state. At 10,000 reports that is
// a directory walk instead of parsing and checking every report.

// contentStamp is what a content file looked like when a build began.
type contentStamp struct {
	Size int64
	Mod  int64 // modification time, Unix nanoseconds
}

// racyWindow: a file modified this close to (or after) the moment its
// stamp was taken may change again within the timestamp's granularity
// without its stamp changing, so its stamp proves nothing (git's "racy
// clean" rule).
const racyWindow = 2 * time.Second

// unchangedState is what the state keeps for the shortcut.
type unchangedState struct {
	Theme    render.Sum
	Content  map[string]contentStamp
	Stamped  int64 // when Content was taken, Unix nanoseconds
	Findings []report.Finding
	Reports  int
	Agencies int
}

// stampContent records the size and modification time of every file
// under the content root.
func stampContent(fsys fs.FS) (map[string]contentStamp, int64, error) {
	now := time.Now().UnixNano()
	out := map[string]contentStamp{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = contentStamp{Size: info.Size(), Mod: info.ModTime().UnixNano()}
		return nil
	})
	return out, now, err
}

// unchanged reports whether the content stamped now is the content the
// last build read, beyond doubt.
func (u *unchangedState) unchanged(theme render.Sum, now map[string]contentStamp) bool {
	if u == nil || u.Content == nil || u.Theme != theme || !maps.Equal(u.Content, now) {
		return false
	}
	for _, s := range now {
		if s.Mod >= u.Stamped-int64(racyWindow) {
			return false
		}
	}
	return true
}

// themeSum identifies every template and asset.
func themeSum(r *render.Renderer) render.Sum {
	h := sha256.New()
	for _, s := range r.TemplateSums() {
		h.Write(s[:])
	}
	a := r.AssetsSum()
	h.Write(a[:])
	return render.Sum(h.Sum(nil))
}
