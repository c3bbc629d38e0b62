package main

import (
	"context"
	"fmt"
)

// Commands whose work is not in this version yet. Each keeps its flags and
// help so scripts and docs can rely on them, and says plainly when run that
// it cannot do its job yet, rather than pretending to.
func init() {
	for _, c := range []struct{ name, summary, usage, issue string }{
		{"serve", "Build, serve on localhost, rebuild on change and reload the browser", "[--port 1313] [--bind 127.0.0.1]", "#6"},
	} {
		c := c
		register(command{name: c.name, summary: c.summary + " (not yet available)", usage: c.usage,
			run: func(ctx context.Context, e *env, args []string) int {
				for _, a := range args {
					if a == "-h" || a == "-help" || a == "--help" {
						newFlags(e, commands[c.name]).Usage()
						return exitOK
					}
				}
				return fail(e, c.name, fmt.Errorf("not available in this version of sitegen (tracked as issue %s)", c.issue))
			}})
	}
}
