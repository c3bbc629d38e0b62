package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func init() {
	register(command{
		name:    "version",
		summary: "Print the version of sitegen",
		usage:   "",
		run: func(ctx context.Context, e *env, args []string) int {
			c := commands["version"]
			if code, ok := parseFlags(newFlags(e, c), args); !ok {
				return code
			}
			v := version
			if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" {
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" && len(s.Value) >= 12 {
						v += "+" + s.Value[:12]
					}
				}
			}
			fmt.Fprintf(e.stdout, "sitegen %s %s/%s %s\n", v, runtime.GOOS, runtime.GOARCH, runtime.Version())
			return exitOK
		},
	})
}
