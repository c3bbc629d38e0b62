package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1 // check found blocking errors
	exitUsage    = 2 // bad flags or arguments, or an input that cannot be read
	exitInternal = 70
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	usage   string // the argument synopsis after the command name
	// run parses its own flags from args.
	run func(ctx context.Context, env *env, args []string) int
}

// env is what a command talks to.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// run is main without the process: it returns the exit code, and never lets
// a panic reach the user as a stack trace.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "sitegen: internal error: %v\nplease report this with the command you ran\n", p)
			code = exitInternal
		}
	}()
	e := &env{stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run(ctx, e, []string{"-h"})
			}
		}
		topUsage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "sitegen: unknown command %q\n\n", args[0])
		topUsage(stderr)
		return exitUsage
	}
	return c.run(ctx, e, args[1:])
}

func topUsage(w io.Writer) {
	fmt.Fprint(w, "sitegen builds the portal of government information-disclosure annual reports.\n\nUsage:\n  sitegen <command> [flags]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, "\nRun `sitegen <command> -h` for a command's flags.\n")
}

// newFlags makes a command's flag set that reports errors to the caller
// instead of exiting.
func newFlags(e *env, c command) *flag.FlagSet {
	fs := flag.NewFlagSet("sitegen "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nUsage:\n  sitegen %s %s\n", c.summary, c.name, c.usage)
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
		if b.Len() > 0 {
			fmt.Fprintf(fs.Output(), "\nFlags:\n%s", b.String())
		}
	}
	return fs
}

// parseFlags parses args; the int is an exit code when ok is false.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

// fail prints an error the way every command does: one line on stderr
// naming the command, never a stack trace.
func fail(e *env, name string, err error) int {
	fmt.Fprintf(e.stderr, "sitegen %s: %v\n", name, err)
	return exitUsage
}
