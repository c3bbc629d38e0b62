package build

import (
	"os"
	"syscall"
	"testing"

	"sitegen/assets"
	"sitegen/templates"
)

func inode(info os.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 0
}

func embedded(t *testing.T, name string) string {
	t.Helper()
	b, err := templates.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func embeddedAsset(t *testing.T, name string) string {
	t.Helper()
	b, err := assets.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
