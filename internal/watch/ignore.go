package watch

import (
	"strconv"
	"strings"
)

// noiseSuffixes end the names of files that editors, downloaders and tools
// write beside the real file and then rename or delete.
var noiseSuffixes = []string{
	"~",                                     // vim, emacs and many others: backup copies
	".swp", ".swo", ".swn", ".swx", ".swpx", // vim swap files and their probes
	"___jb_tmp___", "___jb_old___", // JetBrains "safe write"
	".tmp", ".temp", ".part", ".crdownload", ".kate-swp",
}

// Ignored reports whether a file or directory of this base name is editor or
// tool noise that never counts as a change:
//
//   - hidden names (.git, .DS_Store, vim's .name.swp, emacs's .#lock, the
//     build's own .sitegen-new-* staging directories);
//   - vim's swap files and its 4913 write probe (4913, 5036, … in steps of
//     123), backups ending in ~;
//   - emacs auto-save files #name#, Microsoft Office lock files ~$name;
//   - JetBrains ___jb_tmp___ and ___jb_old___ files;
//   - temporary and partial downloads: .tmp, .temp, .part, .crdownload,
//     .kate-swp.
//
// A program that saves by writing a temporary file and renaming it over the
// real one is still seen: the rename reports the real name as created.
func Ignored(name string) bool {
	if name == "" {
		return false
	}
	if name[0] == '.' || strings.HasPrefix(name, "~$") {
		return true
	}
	if len(name) > 1 && name[0] == '#' && name[len(name)-1] == '#' {
		return true
	}
	for _, s := range noiseSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return isVimProbe(name)
}

// isVimProbe reports whether name is the file vim creates to test whether it
// may write in a directory: 4913, or 4913+123k when that one exists.
func isVimProbe(name string) bool {
	n, err := strconv.Atoi(name)
	if err != nil || name[0] == '0' || name[0] == '+' || name[0] == '-' {
		return false
	}
	return n >= 4913 && (n-4913)%123 == 0 && n < 4913+123*100
}
