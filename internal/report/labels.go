package report

import (
	"regexp"
	"strings"
	"unicode"
)

// FoldWidth maps full-width ASCII forms to half-width and the ideographic
// space to a space: ２０２０ → 2020, （ stays （ (brackets are folded by
// foldLabel, not here).
func FoldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		}
		return r
	}, s)
}

// foldLabel normalises a label for matching: widths folded, spaces removed,
// brackets made full-width, and the numbering separator after an Arabic
// number made a full stop (1、 → 1.).
func foldLabel(s string) string {
	s = FoldWidth(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case r == '(':
			return '（'
		case r == ')':
			return '）'
		case r == ':':
			return '：'
		case r == '"' || r == '“' || r == '”':
			return '"'
		}
		return r
	}, s)
	return arabicNum.ReplaceAllString(s, "$1.")
}

var (
	arabicNum = regexp.MustCompile(`^(\d+)[.、．]`)
	numbering = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)`)
)

// labelCore is a folded label without its leading numbering:
// （一）予以公开 → 予以公开, 1.属于国家秘密 → 属于国家秘密.
func labelCore(s string) string {
	return numbering.ReplaceAllString(foldLabel(s), "")
}

// labelIndex finds canonical labels by their folded form or their core.
type labelIndex map[string]string

func newLabelIndex(labels ...string) labelIndex {
	ix := labelIndex{}
	for _, l := range labels {
		ix.add(l, l)
	}
	return ix
}

func (ix labelIndex) add(alias, canonical string) {
	ix[foldLabel(alias)] = canonical
	if c := labelCore(alias); c != "" {
		if _, taken := ix[c]; !taken {
			ix[c] = canonical
		}
	}
}

func (ix labelIndex) lookup(s string) (string, bool) {
	if c, ok := ix[foldLabel(s)]; ok {
		return c, true
	}
	c, ok := ix[labelCore(s)]
	return c, ok
}
