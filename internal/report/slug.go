package report

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Slug turns an agency name into the ASCII key used for its record and its
// report files: the toneless pinyin of each Han character, and runs of ASCII
// letters and digits, joined by hyphens. Other characters separate words and
// are dropped. 淮北市人民政府办公室 → huai-bei-shi-ren-min-zheng-fu-ban-gong-shi.
func Slug(name string) string {
	args := pinyin.NewArgs()
	var parts []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			parts = append(parts, word.String())
			word.Reset()
		}
	}
	for _, r := range name {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			word.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Han, r):
			flush()
			if py := pinyin.SinglePinyin(r, args); len(py) > 0 && py[0] != "" {
				parts = append(parts, py[0])
			}
		default:
			flush()
		}
	}
	flush()
	return strings.Join(parts, "-")
}
