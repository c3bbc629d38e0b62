// Command sitegen builds the public portal of government information-
// disclosure annual reports (政府信息公开工作年度报告) from content/.
//
// Usage: sitegen <command> [flags]; `sitegen -h` lists the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
