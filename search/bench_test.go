package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"sitegen/search/searchtest"
)

// benchQueries are the queries whose cost BenchmarkScale measures: the
// first (cold: manifest, client and all) is 政府信息公开.
var benchQueries = []string{"政府信息公开", "规范性文件", "複議", "依申请公开", "国家秘密", "第3市 财政局", "2021 行政诉讼", "范性", "疫情防控", "不予公开"}

// BenchmarkScale builds the index of 100, 1,000 and 10,000 generated
// reports and reports its size, the time to build it, and the bytes a
// first query and later queries fetch (the client script included in the
// first), and the time the client takes per query under goja:
//
//	go test ./search -run '^$' -bench Scale -benchtime 1x
func BenchmarkScale(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			docs := synthDocs(b, n, 1, 10)
			dir := b.TempDir()
			var st *Stats
			for range b.N {
				var err error
				if st, err = Build(context.Background(), docs, dir); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(st.Took.Milliseconds()), "build-ms")
			b.ReportMetric(float64(st.Bytes)/1024, "static-KiB")
			b.ReportMetric(float64(st.Files), "static-files")
			b.ReportMetric(float64(st.IndexBytes)/1024, "bleve-KiB")
			scriptBytes, scriptGzip := clientSize(b)
			c, err := searchtest.New(dir, script)
			if err != nil {
				b.Fatal(err)
			}
			var later, laterGz []int
			var took time.Duration
			for i, q := range benchQueries {
				t0 := time.Now()
				r, err := c.Search(q, 10)
				if err != nil {
					b.Fatal(err)
				}
				took += time.Since(t0)
				if i == 0 {
					b.ReportMetric(float64(r.Bytes+scriptBytes)/1024, "cold-KiB")
					b.ReportMetric(float64(r.Gzip+scriptGzip)/1024, "cold-gz-KiB")
					continue
				}
				later = append(later, r.Bytes)
				laterGz = append(laterGz, r.Gzip)
				if testing.Verbose() {
					b.Logf("%s: %d B (%d gz) in %d files, blocks %v, %d results", q, r.Bytes, r.Gzip, len(r.Fetched), r.Blocks, r.Total)
				}
			}
			sort.Ints(later)
			sort.Ints(laterGz)
			b.ReportMetric(float64(later[len(later)/2])/1024, "later-median-KiB")
			b.ReportMetric(float64(later[len(later)-1])/1024, "later-max-KiB")
			b.ReportMetric(float64(laterGz[len(laterGz)-1])/1024, "later-max-gz-KiB")
			b.ReportMetric(float64(took.Milliseconds())/float64(len(benchQueries)), "query-ms")
		})
	}
}

// clientSize is the size of the client script as the site serves it:
// minified as the build does (tdewolff/minify), raw and gzipped.
func clientSize(b testing.TB) (int, int) {
	data, err := minifiedScript()
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "search.js")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return len(data), searchtest.GzipSize(p)
}
