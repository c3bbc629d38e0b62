package render

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// scripts classifies the CJK Unified Ideographs: which exist only in the
// traditional script and which only in the simplified one, by asking
// OpenCC's character dictionaries about each ideograph once.
var scripts = sync.OnceValue(func() map[rune]int8 {
	const lo, hi = 0x4E00, 0x9FFF
	var b strings.Builder
	for r := rune(lo); r <= hi; r++ {
		b.WriteRune(r)
		b.WriteByte('\n')
	}
	all := b.String()
	class := map[rune]int8{}
	mark := func(config string, v int8) {
		cc, err := opencc.New(config)
		if err != nil {
			panic("render: opencc " + config + ": " + err.Error())
		}
		out, err := cc.Convert(all)
		if err != nil {
			panic("render: opencc " + config + ": " + err.Error())
		}
		in, conv := strings.Split(all, "\n"), strings.Split(out, "\n")
		if len(in) != len(conv) {
			return
		}
		for i, s := range in {
			if s != conv[i] && s != "" {
				r, _ := utf8.DecodeRuneInString(s)
				if class[r] == 0 {
					class[r] = v
				} else {
					class[r] = 0 // changes both ways: says nothing
				}
			}
		}
	}
	mark("t2s", hant)
	mark("s2t", hans)
	return class
})

const (
	hant int8 = 1
	hans int8 = -1
)

// IsTraditional reports whether a passage is written in traditional
// characters: it has more ideographs found only in the traditional script
// than ideographs found only in the simplified one, and at least two.
func IsTraditional(s string) bool {
	class := scripts()
	var t, h int
	for _, r := range s {
		switch class[r] {
		case hant:
			t++
		case hans:
			h++
		}
	}
	return t >= 2 && t > h
}
