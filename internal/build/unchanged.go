package build

import (
	"crypto/sha256"
	"io/fs"
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

// unchangedState is what the state keeps for the shortcut.
type unchangedState struct {
	Theme    render.Sum
	Content  map[string]report.Stamp // nil when a file's time is unknown
	Stamped  int64                   // when Content was taken, Unix nanoseconds
	Findings []report.Finding
	Reports  int
	Agencies int
}

// stampContent records the stamp of every file under the content root;
// nil when the file system does not tell a file's time.
func stampContent(fsys fs.FS) (map[string]report.Stamp, int64, error) {
	now := time.Now().UnixNano()
	out := map[string]report.Stamp{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s, ok := report.StampOf(info)
		if !ok {
			out = nil
			return fs.SkipAll
		}
		out[p] = s
		return nil
	})
	return out, now, err
}

// unchanged reports whether the content stamped now is the content the
// last build read, beyond doubt.
func (u *unchangedState) unchanged(theme render.Sum, now map[string]report.Stamp) bool {
	if u == nil || u.Content == nil || now == nil || u.Theme != theme || len(u.Content) != len(now) {
		return false
	}
	read := time.Unix(0, u.Stamped)
	for p, s := range now {
		if old, ok := u.Content[p]; !ok || !old.Trusted(s, read) {
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
