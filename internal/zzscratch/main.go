// Temporary scratch tool (to be removed).
package main

import (
	"fmt"
	"os"

	"sitegen/internal/report"
)

func main() {
	if os.Args[1] == "-load" {
		_, fs, err := report.Load(os.DirFS(os.Args[2]), os.Args[2])
		if err != nil {
			panic(err)
		}
		for _, f := range fs {
			fmt.Println(f.String(), "|path=", f.Path)
		}
		return
	}
	for _, a := range os.Args[1:] {
		src, _ := os.ReadFile(a)
		_, fs := report.Check(a, src)
		for _, f := range fs {
			fmt.Println(f.String(), "|path=", f.Path)
		}
	}
}
