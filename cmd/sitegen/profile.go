package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// peakHeapProfile takes heap profiles while a command runs and keeps the
// one taken when the live heap was largest: where a build's peak memory
// goes (go tool pprof -sample_index=inuse_space). It writes path when
// stopped.
func peakHeapProfile(path string) (stop func() error) {
	runtime.MemProfileRate = 64 << 10
	quit, done := make(chan struct{}), make(chan struct{})
	var best bytes.Buffer
	var peak uint64
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			live := sample[0].Value.Uint64()
			if live <= peak+peak/20 {
				continue
			}
			// The profile reflects the heap as of the last GC, which is
			// what the live-heap metric measures too.
			peak = live
			best.Reset()
			_ = pprof.Lookup("heap").WriteTo(&best, 0)
		}
	}()
	return func() error {
		close(quit)
		<-done
		if best.Len() == 0 {
			_ = pprof.Lookup("heap").WriteTo(&best, 0)
		}
		if err := os.WriteFile(path, best.Bytes(), 0o644); err != nil {
			return fmt.Errorf("memory profile: %w", err)
		}
		return nil
	}
}
