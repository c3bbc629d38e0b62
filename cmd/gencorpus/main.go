// Command gencorpus writes a synthetic corpus of annual reports on
// government information disclosure in the content format of sitegen:
// agencies in the real administrative hierarchy, consistent tables carried
// over between years, a share of real-looking defects recorded as the
// bundled content records them, and narratives assembled from the
// sentences of the bundled reports. See internal/corpusgen.
//
// Usage:
//
//	gencorpus -n 10000 -seed 1 -out DIR [-defects 0.05] [-traditional 0.2] [-from content] [-force]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"sitegen/internal/corpusgen"
)

func main() {
	var o corpusgen.Options
	flag.IntVar(&o.N, "n", 1000, "number of `reports` in all")
	flag.Uint64Var(&o.Seed, "seed", 1, "`seed` of every random choice: the same flags give the same bytes")
	flag.StringVar(&o.Out, "out", "", "output `directory` (agencies/ and reports/ are written into it)")
	flag.Float64Var(&o.Defects, "defects", 0.05, "`share` of reports with a defect of their source (errors recorded under known_defects)")
	flag.Float64Var(&o.Traditional, "traditional", 0.2, "`share` of reports whose narrative and title are in Taiwan traditional characters (OpenCC s2twp)")
	flag.StringVar(&o.From, "from", "content", "content `directory` whose report narratives the sentences are taken from")
	flag.BoolVar(&o.Force, "force", false, "write into a non-empty directory, replacing only its agencies/ and reports/")
	flag.IntVar(&o.Workers, "workers", 0, "parallel `workers` (0: one per CPU); the output does not depend on it")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gencorpus -n N -seed S -out DIR [-defects 0.05] [-traditional 0.2] [-from content] [-force]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if o.Out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	res, err := corpusgen.Generate(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		stop()
		os.Exit(1)
	}
	fmt.Printf("gencorpus: %d reports of %d agencies (%d with a defect, %d in traditional characters), %d files, %.1f MB, in %s\n",
		res.Reports, res.Agencies, len(res.Defects), len(res.Traditional), res.Files, float64(res.Bytes)/1e6, time.Since(start).Round(time.Millisecond))
}
