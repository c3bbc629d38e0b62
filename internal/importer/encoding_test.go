package importer

import (
	"bytes"
	"errors"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// encodings are the ways a report is saved, each with the name decodeText
// must give it back under.
var encodings = []struct {
	enc  encoding.Encoding
	name string
}{
	{xunicode.UTF8, encUTF8},
	{xunicode.UTF8BOM, encUTF8BOM},
	{xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), encUTF16LEBOM},
	{xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), encUTF16BEBOM},
	{xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), encUTF16LE},
	{xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), encUTF16BE},
	{simplifiedchinese.GB18030, encGB18030},
	{simplifiedchinese.GBK, encGB18030}, // GBK is read as GB18030, its superset
}

func encodingLabel(i int) string {
	if encodings[i].enc == simplifiedchinese.GBK {
		return "GBK"
	}
	return encodings[i].name
}

func encode(t testing.TB, e encoding.Encoding, s []byte) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes(s)
	if err != nil {
		t.Fatalf("encoding: %v", err)
	}
	return b
}

// TestDecodeTextReports re-encodes each of the eight reports with answer
// keys in every encoding and checks that decodeText finds the encoding,
// gives back exactly the original text, and that the import of what it
// gives is the same report, problems and all, as the import of the UTF-8.
func TestDecodeTextReports(t *testing.T) {
	for _, in := range inputs {
		for j, e := range encodings {
			label := encodingLabel(j)
			orig := readShared(t, in.file)
			if e.enc == simplifiedchinese.GBK {
				orig = gbkBestFit(orig)
			}
			want, err := Text(in.file, orig, in.opt)
			if err != nil {
				t.Fatalf("%s: %v", in.name, err)
			}
			t.Run(in.name+"/"+label, func(t *testing.T) {
				src := encode(t, e.enc, orig)
				if j > 0 && bytes.Equal(src, orig) {
					t.Fatalf("the %s encoding of %s is its UTF-8", label, in.name)
				}
				text, enc, err := decodeText(src)
				if err != nil {
					t.Fatalf("decodeText: %v", err)
				}
				if enc != e.name {
					t.Errorf("encoding %q, want %q", enc, e.name)
				}
				if !bytes.Equal(text, orig) {
					t.Fatalf("decoded text differs from the original from byte %d", firstDiff(text, orig))
				}
				got, err := Text(in.file, text, in.opt)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("the import differs from that of the UTF-8 text")
				}
			})
		}
	}
}

// gbkBestFit replaces the characters GBK cannot encode as Windows does when
// it saves a text in code page 936 (the seeds hold two of them).
func gbkBestFit(b []byte) []byte {
	return []byte(strings.NewReplacer("\u00A0", " ", "\u2022", "·").Replace(string(b)))
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestDecodeTextShort pins the reading of short inputs, where the
// encodings overlap and the choice rests on which reading looks like text.
func TestDecodeTextShort(t *testing.T) {
	gbk := func(s string) []byte { return encode(t, simplifiedchinese.GBK, []byte(s)) }
	le := func(s string) []byte {
		return encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), []byte(s))
	}
	be := func(s string) []byte {
		return encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), []byte(s))
	}
	for _, c := range []struct {
		name     string
		src      []byte
		want     string
		wantEnc  string
		wantFail bool
	}{
		{"empty", nil, "", encUTF8, false},
		{"ASCII", []byte("2024"), "2024", encUTF8, false},
		{"UTF-8 BOM only", []byte("\xEF\xBB\xBF"), "", encUTF8BOM, false},
		{"UTF-16LE BOM only", []byte("\xFF\xFE"), "", encUTF16LEBOM, false},
		{"UTF-16BE BOM only", []byte("\xFE\xFF"), "", encUTF16BEBOM, false},
		{"UTF-8 one Han", []byte("中"), "中", encUTF8, false},
		{"UTF-8 Latin-1", []byte("café"), "café", encUTF8, false},
		{"UTF-8 form feed", []byte("一、总体情况\f二、"), "一、总体情况\f二、", encUTF8, false},
		{"GBK one Han", gbk("中"), "中", encGB18030, false},
		{"GBK two Han", gbk("中文"), "中文", encGB18030, false},
		{"GBK heading", gbk("一、总体情况"), "一、总体情况", encGB18030, false},
		{"GBK with ASCII", gbk("2024年"), "2024年", encGB18030, false},
		{"GBK euro 0x80", []byte("\x80"), "€", encGB18030, false},
		{"UTF-16LE one ASCII", le("1"), "1", encUTF16LE, false},
		{"UTF-16BE one ASCII", be("1"), "1", encUTF16BE, false},
		{"UTF-16LE two Han", le("中文"), "中文", encUTF16LE, false},
		{"UTF-16BE two Han", be("中文"), "中文", encUTF16BE, false},
		{"UTF-16LE one Han", le("国"), "国", encUTF16LE, false},
		{"UTF-16BE one Han", be("国"), "国", encUTF16BE, false},
		// 年 in UTF-16LE is 74 5E, which is also the ASCII text "t^":
		// valid UTF-8 without NULs is read as UTF-8.
		{"UTF-16LE that is ASCII", le("年"), "t^", encUTF8, false},
		{"UTF-16LE newline", le("\n"), "\n", encUTF16LE, false},
		{"UTF-16LE number row", le("规章\t0\t0\n"), "规章\t0\t0\n", encUTF16LE, false},
		{"UTF-16BE number row", be("规章\t0\t0\n"), "规章\t0\t0\n", encUTF16BE, false},
		{"UTF-16LE surrogate pair", le("𠀋年"), "𠀋年", encUTF16LE, false},
		// GBK bytes that are also valid UTF-8 (C2-DF followed by A1-BF):
		// valid UTF-8 is read as UTF-8; reports are never this short.
		{"GBK that is valid UTF-8", []byte{0xC4, 0xA1}, "\u0121", encUTF8, false},
		{"one NUL", []byte{0}, "", "", true},
		{"two NULs", []byte{0, 0}, "", "", true},
		{"control bytes", []byte{1, 2, 3, 4}, "", "", true},
		{"lone GBK lead byte", []byte{0xD6}, "", "", true},
		{"UTF-8 BOM then invalid", []byte("\xEF\xBB\xBF\xD6\xD0"), "", "", true},
		{"UTF-16LE BOM odd length", []byte("\xFF\xFE\x31"), "", "", true},
		{"UTF-16LE BOM lone surrogate", []byte("\xFF\xFE\x00\xD8\x31\x00"), "", "", true},
		{"UTF-16BE BOM lone low surrogate", []byte("\xFE\xFF\xDC\x00"), "", "", true},
		{"UTF-32LE", []byte("\xFF\xFE\x00\x00\x31\x00\x00\x00"), "", "", true},
		{"UTF-32BE", []byte("\x00\x00\xFE\xFF\x00\x00\x00\x31"), "", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, enc, err := decodeText(c.src)
			if c.wantFail {
				if err == nil {
					t.Fatalf("decoded % x as %s %q; want an error", c.src, enc, got)
				}
				if !errors.Is(err, ErrNotText) {
					t.Errorf("error %v does not wrap ErrNotText", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("% x: %v", c.src, err)
			}
			if string(got) != c.want || enc != c.wantEnc {
				t.Errorf("% x: got %s %q, want %s %q", c.src, enc, got, c.wantEnc, c.want)
			}
		})
	}
}

// TestDecodeTextBinary checks that what is not text is rejected with an
// error that says what was found.
func TestDecodeTextBinary(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	random := func(n int) []byte {
		b := make([]byte, n)
		rnd.Read(b)
		return b
	}
	zipHead := append([]byte("PK\x03\x04\x14\x00\x06\x00"), random(200)...)
	for _, c := range []struct {
		name, src, says string
	}{
		{"random 4 KiB", string(random(4096)), "binary data"},
		{"random 64 KiB", string(random(65536)), "binary data"},
		{"zeros", string(make([]byte, 512)), "512 NUL"},
		{"PDF", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n" + string(random(300)), "a PDF file"},
		{"docx", string(zipHead), "ZIP archive"},
		{"doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + string(random(300)), "old Word"},
		{"PNG", "\x89PNG\r\n\x1a\n" + string(random(300)), "PNG image"},
		{"ELF", "\x7FELF\x02\x01\x01\x00" + string(make([]byte, 64)), "ELF"},
		{"UTF-32", "\xFF\xFE\x00\x00" + string(make([]byte, 8)), "UTF-32LE"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, enc, err := decodeText([]byte(c.src))
			if err == nil {
				t.Fatalf("decoded %d bytes of %s as %s (%d bytes)", len(c.src), c.name, enc, len(got))
			}
			if !errors.Is(err, ErrNotText) || !strings.Contains(err.Error(), c.says) {
				t.Errorf("error %q; want ErrNotText saying %q", err, c.says)
			}
			t.Log(err)
		})
	}
	// Random bytes of every length up to 64 are read as text only as
	// characters a text may hold.
	for n := 1; n <= 64; n++ {
		for range 50 {
			b := random(n)
			text, enc, err := decodeText(b)
			if err != nil {
				continue
			}
			if !utf8.Valid(text) {
				t.Fatalf("% x: %s reading is not valid UTF-8", b, enc)
			}
			if r := readingOf(enc, text); r.bad > maxBad {
				t.Fatalf("% x: taken as %s %q, %.0f%% unreadable", b, enc, text, 100*r.bad)
			}
		}
	}
}

// FuzzDecodeText: no panic, and any text returned is valid UTF-8; a UTF-8
// input without a byte-order mark comes back unchanged.
func FuzzDecodeText(f *testing.F) {
	for i, in := range inputs {
		if i >= 2 {
			break
		}
		orig := readShared(f, in.file)
		orig = orig[:min(len(orig), 2000)]
		for _, e := range encodings {
			if b, err := e.enc.NewEncoder().Bytes(orig); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte{})
	f.Add([]byte{0})
	f.Add([]byte("\xFF\xFE\x00\xD8"))
	f.Add([]byte("\xEF\xBB\xBF\xC4"))
	f.Add([]byte("%PDF-1.4"))
	f.Fuzz(func(t *testing.T, src []byte) {
		text, enc, err := decodeText(src)
		if err != nil {
			if !errors.Is(err, ErrNotText) {
				t.Fatalf("error %v does not wrap ErrNotText", err)
			}
			return
		}
		if !utf8.Valid(text) {
			t.Fatalf("%s reading of % x is not valid UTF-8: % x", enc, src, text)
		}
		if enc == encUTF8 && !bytes.Equal(text, src) {
			t.Fatalf("UTF-8 input changed")
		}
	})
}
