package importer

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"a.pdf", "%PDF-1.7\n", FormatPDF},
		{"a.txt", "junk\n%PDF-1.4", FormatPDF}, // a signature after a few bytes
		{"a.docx", "PK\x03\x04rest", FormatDocx},
		{"a.html", "一、总体情况", FormatHTML},
		{"a.txt", "<!DOCTYPE html><html><body>", FormatHTML},
		{"a.txt", "\xef\xbb\xbf  <TABLE><tr><td>1</td></tr></TABLE>", FormatHTML},
		{"a.txt", "<\x00h\x00t\x00m\x00l\x00>\x00", FormatHTML}, // UTF-16LE
		{"a.txt", "一、总体情况\n<p>不是网页</p>", FormatText},
		{"report", "二、主动公开政府信息情况", FormatText},
	} {
		if got := Sniff(tc.name, []byte(tc.src)); got != tc.want {
			t.Errorf("Sniff(%q, %q) = %s, want %s", tc.name, tc.src, got, tc.want)
		}
	}
}

// TestFileForms imports the same report in each form File reads and checks
// every number against the answer key.
func TestFileForms(t *testing.T) {
	seed4 := readShared(t, "seeds/004_c68b2d87e84c1d3f.txt")
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(strings.ReplaceAll(string(seed4), "\u00a0", " ")))
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(seed4)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		src    []byte
		key    string
		format string
	}{
		{"seed004.txt", seed4, "seed_004.json", FormatText},
		{"seed004-gbk.txt", gbk, "seed_004.json", FormatText},
		{"seed004-utf16.txt", utf16, "seed_004.json", FormatText},
		{"seed004.html", mustReadFile(t, "testdata/html/seed004.html"), "seed_004.json", FormatHTML},
		{"corpus01.html", mustReadFile(t, "testdata/html/corpus01.html"), "01_huaian-city-2024_pdf-layout.json", FormatHTML},
		{"huaian.pdf", mustReadFile(t, "testdata/pdf/huaian-city-2024.pdf"), "01_huaian-city-2024_pdf-layout.json", FormatPDF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := File(context.Background(), tc.name, tc.src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != tc.format {
				t.Errorf("format %s, want %s", res.Format, tc.format)
			}
			if n := res.Errors(); n > 0 {
				t.Errorf("%d unread: %v", n, res.Problems)
			}
			exact, total := compareWithKey(t, res, tc.key)
			t.Logf("%s: %d of %d values exact", tc.name, exact, total)
			if exact != total || total < 150 {
				t.Errorf("%d of %d values exact", exact, total)
			}
		})
	}
}

func TestFileErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		want error
	}{
		{"x.bin", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0}, ErrNotText},
		{"x.pdf", []byte("%PDF-1.4\nnot really a pdf"), ErrPDF},
	} {
		if _, err := File(context.Background(), tc.name, tc.src, Options{}); !errors.Is(err, tc.want) {
			t.Errorf("File(%s): %v, want %v", tc.name, err, tc.want)
		}
	}
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
