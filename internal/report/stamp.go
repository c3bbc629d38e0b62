package report

import (
	"io/fs"
	"time"
)

// Stamp is what make and git look at to tell that a file changed without
// reading it: its size and modification time (Unix nanoseconds).
type Stamp struct {
	Size int64
	Mod  int64
}

// RacyWindow: a file modified this close to (or after) the moment it was
// read may change again within the timestamp's granularity without its
// stamp changing, so its stamp proves nothing (git's "racy clean" rule).
const RacyWindow = 2 * time.Second

// StampOf returns a file's stamp, when its file system tells its time.
func StampOf(info fs.FileInfo) (Stamp, bool) {
	if info.ModTime().IsZero() {
		return Stamp{}, false
	}
	return Stamp{info.Size(), info.ModTime().UnixNano()}, true
}

// Trusted reports whether a file stamped old when it was read at readAt
// is, now stamped now, unchanged beyond doubt.
func (old Stamp) Trusted(now Stamp, readAt time.Time) bool {
	return old == now && old.Mod < readAt.Add(-RacyWindow).UnixNano()
}
