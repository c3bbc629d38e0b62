package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"sitegen/search"
)

func init() {
	register(command{
		name:    "search",
		summary: "Query the prebuilt search index in public/search/",
		usage:   "[--json] [--index DIR] [-n N] QUERY",
		run:     runSearch,
	})
}

func runSearch(ctx context.Context, e *env, args []string) int {
	c := commands["search"]
	fl := newFlags(e, c)
	asJSON := fl.Bool("json", false, "print the results as JSON")
	dir := fl.String("index", "public/search", "the search `directory` that sitegen build wrote")
	n := fl.Int("n", 10, "how many results to print")
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	q := strings.TrimSpace(strings.Join(fl.Args(), " "))
	if q == "" {
		return fail(e, c.name, fmt.Errorf("no query (sitegen search [--json] QUERY)"))
	}
	if *n < 1 {
		return fail(e, c.name, fmt.Errorf("-n %d: want at least 1", *n))
	}
	ix, err := search.Open(*dir)
	if err != nil {
		return fail(e, c.name, err)
	}
	defer ix.Close()
	res, err := ix.Search(ctx, q, *n)
	if err != nil {
		return fail(e, c.name, err)
	}
	if *asJSON {
		for i := range res.Hits {
			for j, s := range res.Hits[i].Snippets {
				res.Hits[i].Snippets[j] = strings.NewReplacer(search.MarkStart, "<mark>", search.MarkEnd, "</mark>").Replace(htmlEscape(s))
			}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return fail(e, c.name, err)
		}
		return exitOK
	}
	mark := strings.NewReplacer(search.MarkStart, "【", search.MarkEnd, "】", "\n", " ")
	fmt.Fprintf(e.stdout, "%d result(s) for %q (terms: %s)\n", res.Total, q, strings.Join(res.Terms, " "))
	for i, h := range res.Hits {
		fmt.Fprintf(e.stdout, "\n%d. %s · %s  [%.4g]\n   %s\n", i+1, h.Title, h.Section, h.Score, h.URL)
		for _, s := range h.Snippets {
			fmt.Fprintf(e.stdout, "   %s\n", mark.Replace(s))
		}
	}
	return exitOK
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}
