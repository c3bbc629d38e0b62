package watch

import "testing"

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		// noise
		".git": true, ".DS_Store": true, ".a.md.swp": true, ".#a.md": true,
		".sitegen-new-public-123": true, ".goutputstream-ABC": true,
		"a.md.swp": true, "a.md.swo": true, "a.md.swx": true, "a.md.swpx": true,
		"4913": true, "5036": true, "a.md~": true, "#a.md#": true, "~$report.docx": true,
		"a.md___jb_tmp___": true, "a.md___jb_old___": true,
		"a.md.tmp": true, "a.temp": true, "report.pdf.part": true, "x.crdownload": true, "a.md.kate-swp": true,
		// real files
		"a.md": false, "site.css": false, "2021": false, "4914": false, "04913": false,
		"index.html": false, "a#b.md": false, "#": false, "swp": false, "report.partial.md": false,
		"agency.yaml": false, "tmp": false, "": false,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}
