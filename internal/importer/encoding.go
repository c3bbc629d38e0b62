package importer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// ErrNotText is returned by decodeText for input that is not text in any of
// the encodings reports are saved in.
var ErrNotText = errors.New("not text in UTF-8, UTF-16 or GB18030/GBK")

// The names decodeText gives the encodings it found.
const (
	encUTF8       = "UTF-8"
	encUTF8BOM    = "UTF-8 with BOM"
	encUTF16LEBOM = "UTF-16LE with BOM"
	encUTF16BEBOM = "UTF-16BE with BOM"
	encUTF16LE    = "UTF-16LE"
	encUTF16BE    = "UTF-16BE"
	encGB18030    = "GB18030"
)

// minTextScore is the least mean plausibility (see plausibility) a reading
// without a byte-order mark must reach to be taken as text; maxBad is the
// largest share of runes that no text has (controls, replacement
// characters, private-use and unassigned code points).
const (
	minTextScore = 0.8
	maxBad       = 0.05
)

// decodeText finds the encoding of a text file, without being told, and
// returns the text as UTF-8 with any byte-order mark removed.
//
//   - A byte-order mark decides: UTF-8, UTF-16LE or UTF-16BE; the rest of
//     the input must then be valid in that encoding.
//   - Without one, input that is valid UTF-8 and has no NUL bytes is UTF-8.
//     (GBK text long enough to hold a report is never valid UTF-8; a few
//     GBK characters that happen to be valid UTF-8 are read as UTF-8.)
//   - Otherwise it is read as UTF-16LE, UTF-16BE and GB18030 (a superset of
//     GBK and GB2312), and as UTF-8 when valid; a reading with an invalid
//     sequence (an unpaired surrogate, a byte GB18030 does not map) is
//     dropped, and of the rest the one whose characters are most like a
//     Chinese text (common Han characters, ASCII, Chinese punctuation) is
//     taken, when it is like one at all. NUL bytes, which ASCII characters
//     leave in UTF-16 but no other encoding has in text, speak for UTF-16
//     in that they make the other readings implausible.
//
// Anything else (binary data, random bytes, UTF-32, a PDF or a .docx given
// as text) is an error wrapping ErrNotText that says what was found.
func decodeText(src []byte) (text []byte, enc string, err error) {
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE, 0, 0}):
		return nil, "", fmt.Errorf("%w: found UTF-32LE (byte-order mark FF FE 00 00); save the file as UTF-8", ErrNotText)
	case bytes.HasPrefix(src, []byte{0, 0, 0xFE, 0xFF}):
		return nil, "", fmt.Errorf("%w: found UTF-32BE (byte-order mark 00 00 FE FF); save the file as UTF-8", ErrNotText)
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		rest := src[3:]
		if !utf8.Valid(rest) {
			return nil, "", fmt.Errorf("%w: UTF-8 byte-order mark, but invalid UTF-8 at byte %d", ErrNotText, 3+invalidUTF8At(rest))
		}
		if r := readingOf(encUTF8BOM, rest); r.bad > maxBad {
			return nil, "", notText(src, r)
		}
		return rest, encUTF8BOM, nil
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		le := src[0] == 0xFF
		name, order := encUTF16BEBOM, binary.ByteOrder(binary.BigEndian)
		if le {
			name, order = encUTF16LEBOM, binary.LittleEndian
		}
		rest := src[2:]
		if len(rest)%2 != 0 {
			return nil, "", fmt.Errorf("%w: %s byte-order mark, but an odd number of bytes (%d)", ErrNotText, name, len(src))
		}
		if at := invalidUTF16At(rest, order); at >= 0 {
			return nil, "", fmt.Errorf("%w: %s byte-order mark, but an unpaired surrogate at byte %d", ErrNotText, name, 2+at)
		}
		out, err := decodeWith(utf16Encoding(le), rest)
		if err != nil {
			return nil, "", fmt.Errorf("%w: %s: %v", ErrNotText, name, err)
		}
		if r := readingOf(name, out); r.bad > maxBad {
			return nil, "", notText(src, r)
		}
		return out, name, nil
	}

	if len(src) == 0 {
		return src, encUTF8, nil
	}
	if utf8.Valid(src) && bytes.IndexByte(src, 0) < 0 {
		r := readingOf(encUTF8, src)
		if r.bad > maxBad {
			return nil, "", notText(src, r)
		}
		return src, encUTF8, nil
	}

	// No mark and not plain UTF-8: weigh the readings. On a tie the earlier
	// one wins: UTF-8, then UTF-16 when NUL bytes are there (ASCII leaves
	// them) and GB18030 when not.
	var readings []reading
	if utf8.Valid(src) {
		readings = append(readings, readingOf(encUTF8, src))
	}
	var utf16s []reading
	if len(src)%2 == 0 {
		for _, le := range []bool{true, false} {
			name, order := encUTF16BE, binary.ByteOrder(binary.BigEndian)
			if le {
				name, order = encUTF16LE, binary.LittleEndian
			}
			if invalidUTF16At(src, order) >= 0 {
				utf16s = append(utf16s, reading{name: name, invalid: true})
				continue
			}
			if out, err := decodeWith(utf16Encoding(le), src); err == nil {
				utf16s = append(utf16s, readingOf(name, out))
			}
		}
	}
	var gb []reading
	if !utf8.Valid(src) {
		r := reading{name: encGB18030, invalid: true}
		if out, err := decodeWith(simplifiedchinese.GB18030, src); err == nil {
			// The decoder writes U+FFFD for what it cannot map; GB18030
			// itself encodes U+FFFD as 84 31 A4 37.
			n := bytes.Count(out, []byte("\uFFFD")) - bytes.Count(src, []byte{0x84, 0x31, 0xA4, 0x37})
			if n <= 0 {
				r = readingOf(encGB18030, out)
			}
		}
		gb = append(gb, r)
	}
	if bytes.IndexByte(src, 0) >= 0 {
		readings = append(append(readings, utf16s...), gb...)
	} else {
		readings = append(append(readings, gb...), utf16s...)
	}

	best := -1
	for i, r := range readings {
		if r.invalid || r.bad > maxBad || r.score < minTextScore {
			continue
		}
		if best < 0 || r.score > readings[best].score {
			best = i
		}
	}
	if best < 0 {
		return nil, "", notText(src, readings...)
	}
	return readings[best].text, readings[best].name, nil
}

func utf16Encoding(le bool) encoding.Encoding {
	if le {
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)
	}
	return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)
}

func decodeWith(e encoding.Encoding, src []byte) ([]byte, error) {
	return e.NewDecoder().Bytes(src)
}

// invalidUTF8At is the offset of the first byte of src that is not part of
// a valid UTF-8 sequence, or -1.
func invalidUTF8At(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// invalidUTF16At is the offset of the first unpaired surrogate in src read
// as UTF-16 code units in the given byte order, or -1. (x/text's decoder
// replaces them with U+FFFD without saying so.)
func invalidUTF16At(src []byte, order binary.ByteOrder) int {
	for i := 0; i+1 < len(src); i += 2 {
		u := rune(order.Uint16(src[i:]))
		switch {
		case !utf16.IsSurrogate(u):
		case u < 0xDC00 && i+3 < len(src):
			if v := rune(order.Uint16(src[i+2:])); v >= 0xDC00 && v <= 0xDFFF {
				i += 2
				continue
			}
			return i
		default:
			return i
		}
	}
	return -1
}

// reading is one way of decoding the input, and how much it looks like the
// text of a Chinese report.
type reading struct {
	name    string
	text    []byte
	invalid bool    // an invalid sequence in this encoding
	runes   int     // characters read
	score   float64 // mean plausibility of the characters, 0..1
	bad     float64 // share of characters that text never has
}

func readingOf(name string, text []byte) reading {
	r := reading{name: name, text: text}
	var sum float64
	bad := 0
	for _, c := range string(text) {
		r.runes++
		p := plausibility(c)
		sum += p
		if p == 0 {
			bad++
		}
	}
	if r.runes > 0 {
		r.score = sum / float64(r.runes)
		r.bad = float64(bad) / float64(r.runes)
	}
	return r
}

// plausibility says how likely a character is in a Chinese report: 1 for
// ASCII text, whitespace, the characters of GB2312 (common Han characters,
// Chinese punctuation, full-width forms) and the punctuation and symbols of
// Chinese documents; 0.7 for other Han characters (traditional ones,
// rare ones); 0.3 for the letters and signs of other scripts; 0 for what
// text does not hold (controls, U+FFFD, private use, unassigned code points,
// noncharacters).
func plausibility(c rune) float64 {
	switch {
	case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		return 1
	case c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0):
		return 0
	case c < 0x7F:
		return 1
	case c == utf8.RuneError, c == 0xFEFF:
		return 0
	case inGB2312(c):
		return 1
	case c >= 0x2000 && c <= 0x2BFF, // punctuation, symbols, arrows, shapes
		c >= 0x3000 && c <= 0x303F, // CJK symbols and punctuation
		c >= 0xFF00 && c <= 0xFFEF, // half- and full-width forms
		c >= 0xA0 && c <= 0xFF:     // Latin-1
		if unicode.Is(unicode.Co, c) || !unicode.IsGraphic(c) && !unicode.IsSpace(c) {
			return 0
		}
		return 1
	case unicode.Is(unicode.Han, c):
		return 0.7
	case unicode.IsGraphic(c) && !unicode.Is(unicode.Co, c):
		return 0.3
	}
	return 0
}

var gb2312 struct {
	once sync.Once
	set  map[rune]bool
}

// inGB2312 says whether c is one of the 7,445 characters of GB2312 (the
// two-byte codes A1A1..F7FE of GBK), which hold the characters of almost
// every modern Chinese text. The set is read once from x/text's decoder.
func inGB2312(c rune) bool {
	gb2312.once.Do(func() {
		set := make(map[rune]bool, 7600)
		dec := simplifiedchinese.GBK.NewDecoder()
		buf := make([]byte, 0, 2*94)
		for b0 := 0xA1; b0 <= 0xF7; b0++ {
			buf = buf[:0]
			for b1 := 0xA1; b1 <= 0xFE; b1++ {
				buf = append(buf, byte(b0), byte(b1))
			}
			out, err := dec.Bytes(buf)
			if err != nil {
				continue
			}
			for _, r := range string(out) {
				if r != utf8.RuneError && !unicode.Is(unicode.Co, r) {
					set[r] = true
				}
			}
		}
		gb2312.set = set
	})
	return gb2312.set[c]
}

// notText is the error for input no encoding reads as text: it names the
// kind of file when its first bytes do, else what the readings found.
func notText(src []byte, readings ...reading) error {
	if kind := fileKind(src); kind != "" {
		return fmt.Errorf("%w: found %s", ErrNotText, kind)
	}
	nul := bytes.Count(src, []byte{0})
	ctl := 0
	for _, b := range src {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0 {
			ctl++
		}
	}
	msg := fmt.Sprintf("found binary data (%d bytes: %d NUL, %d other control bytes", len(src), nul, ctl)
	if !utf8.Valid(src) {
		msg += fmt.Sprintf(", invalid UTF-8 at byte %d", invalidUTF8At(src))
	}
	msg += ")"
	for _, r := range readings {
		switch {
		case r.invalid:
			msg += fmt.Sprintf("; as %s: invalid sequences", r.name)
		case r.runes > 0:
			msg += fmt.Sprintf("; as %s: %.0f%% unreadable characters, plausibility %.2f", r.name, 100*r.bad, r.score)
		}
	}
	return fmt.Errorf("%w: %s", ErrNotText, msg)
}

// fileKind names the kind of file its first bytes show, when they show one
// that is often handed over instead of text.
func fileKind(src []byte) string {
	head := src[:min(len(src), 1024)]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return "a PDF file (import it as a PDF)"
	case bytes.HasPrefix(src, []byte("PK\x03\x04")):
		return "a ZIP archive (a .docx, .xlsx or .zip file)"
	case bytes.HasPrefix(src, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "an OLE2 compound file (an old Word .doc or Excel .xls file)"
	case bytes.HasPrefix(src, []byte("{\\rtf")):
		return "an RTF document"
	case bytes.HasPrefix(src, []byte("\x89PNG\r\n\x1a\n")):
		return "a PNG image"
	case bytes.HasPrefix(src, []byte{0xFF, 0xD8, 0xFF}):
		return "a JPEG image"
	case bytes.HasPrefix(src, []byte("GIF87a")), bytes.HasPrefix(src, []byte("GIF89a")):
		return "a GIF image"
	case bytes.HasPrefix(src, []byte{0x1F, 0x8B}):
		return "gzip-compressed data"
	case bytes.HasPrefix(src, []byte("\x7FELF")):
		return "an ELF executable"
	}
	return ""
}
