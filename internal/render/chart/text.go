package chart

import (
	"strings"
	"unicode"
)

// textWidth estimates the drawn width of s at font size fs. Han characters,
// full-width forms and punctuation take 1 em in every Chinese font; other
// characters are counted at a generous 0.6 em (0.7 for capitals), so the
// estimate errs towards too wide.
func textWidth(s string, fs float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= 0x2000:
			w += 1
		case unicode.IsUpper(r):
			w += 0.7
		default:
			w += 0.6
		}
	}
	return w * fs
}

// closing reports whether r must not begin a line.
func closing(r rune) bool {
	return strings.ContainsRune("，。、；：？！）」』】》〉”’%,.;:?!)]}", r)
}

// tokens splits s into the pieces a line may break between: each wide
// character on its own, runs of narrow characters as words, with closing
// punctuation kept on the piece before it.
func tokens(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = nil
		}
	}
	for _, r := range s {
		switch {
		case closing(r) && (len(cur) > 0 || len(out) > 0):
			if len(cur) == 0 {
				cur = []rune(out[len(out)-1])
				out = out[:len(out)-1]
			}
			cur = append(cur, r)
			flush()
		case r >= 0x2000:
			flush()
			cur = append(cur, r)
			flush()
		case r == ' ':
			cur = append(cur, r)
			flush()
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// wrap breaks s into lines no wider than maxW at font size fs. A piece wider
// than maxW on its own is broken between characters. Nothing is dropped.
func wrap(s string, maxW, fs float64) []string {
	var lines []string
	line := ""
	add := func(t string) {
		if line != "" && textWidth(line+strings.TrimRight(t, " "), fs) > maxW {
			lines = append(lines, strings.TrimRight(line, " "))
			line = ""
		}
		line += t
	}
	for _, t := range tokens(s) {
		if textWidth(t, fs) <= maxW {
			add(t)
			continue
		}
		for _, r := range t {
			add(string(r))
		}
	}
	if line = strings.TrimRight(line, " "); line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// maxWidth is the widest of ss at font size fs.
func maxWidth(ss []string, fs float64) float64 {
	w := 0.0
	for _, s := range ss {
		w = max(w, textWidth(s, fs))
	}
	return w
}
