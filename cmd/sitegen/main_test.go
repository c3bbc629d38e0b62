package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sitegen": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scripts in testdata/script: each is a small
// content tree and the commands run on it, with their expected output.
func TestScripts(t *testing.T) {
	content, err := filepath.Abs("../../content")
	if err != nil {
		t.Fatal(err)
	}
	// shared/ beside the repository holds the raw reports (seeds/, corpus/raw/).
	shared, err := filepath.Abs("../../../shared")
	if err != nil {
		t.Fatal(err)
	}
	fixtures, err := filepath.Abs("../../internal/importer/testdata")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("BUNDLED", content)
			env.Setenv("SHARED", shared)
			env.Setenv("FIXTURES", fixtures)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// replace FILE OLD NEW replaces the first OLD in FILE by NEW.
			"replace": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 3 {
					ts.Fatalf("usage: replace FILE OLD NEW")
				}
				src := ts.ReadFile(args[0])
				if !strings.Contains(src, args[1]) {
					ts.Fatalf("%s does not contain %q", args[0], args[1])
				}
				err := os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(src, args[1], args[2], 1)), 0o644)
				ts.Check(err)
			},
		},
	})
}
