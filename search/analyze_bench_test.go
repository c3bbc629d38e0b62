package search

import (
	"strings"
	"testing"
)

// BenchmarkAnalyze measures the index analysis (every fold, then the
// terms) of the bundled narrative, in simplified and in Taiwan form:
//
//	go test ./search -run '^$' -bench Analyze -benchmem
func BenchmarkAnalyze(b *testing.B) {
	texts := corpusTexts(b)
	var simp, trad strings.Builder
	for i, t := range texts {
		if i%2 == 0 {
			simp.WriteString(t + "\n")
		} else {
			trad.WriteString(t + "\n")
		}
	}
	for _, tc := range []struct{ name, text string }{{"simplified", simp.String()}, {"traditional", trad.String()}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.text)))
			for range b.N {
				n := 0
				analyze(tc.text, func([]byte, int32, int32) { n++ })
			}
		})
	}
}
