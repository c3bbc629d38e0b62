// Package search is the search of the portal: a Bleve index of every report
// section, built with Chinese-aware analysis, and its export to static
// files that a small client (assets/js/search.js) reads in the browser
// without any server.
//
// # Documents
//
// A document is one section of one report (Doc): the text before the first
// heading, or one of the six standard sections. Its searchable fields are
// the agency (name and aliases), the region, the year, the section heading,
// the narrative text and, for the table sections, the labels of the table;
// year, province, level of government and layout are facets. A document's
// Bleve id is a key that sorts in the order of its facets (year, province,
// level, layout, then region and address; docKey), and the static files
// number documents in the order of their keys, so that Bleve breaks ties
// in score by the same order the client does. A document keeps its key
// when others come and go: Update indexes the documents that changed and
// deletes those that went, and nothing else.
//
// # Analysis
//
// Text is folded (full-width to half-width, traditional and Taiwan forms to
// simplified, lower case; see fold.go) and cut into terms: every character
// of a run of ideographs or of letters and digits, and every pair of
// neighbours. A query looks for every pair of neighbouring characters it
// holds (a run of one character for itself), in any field (QueryTerms,
// Query), and keeps its rare terms, or else its rarest one (SelectTerms).
// Scoring is Bleve's BM25.
//
// # Files
//
// Build writes into one directory (public/search/), and Update writes the
// same files, starting from an earlier directory's index:
//
//	index.bleve/        the Bleve index; `sitegen search` opens it
//	manifest.json       what the client reads first: the statistics BM25
//	                    needs, the fields and their boosts, the facets, and
//	                    how to find everything else
//	t/NNN.bin           term shards: the terms whose hash falls in the shard,
//	                    each with its document frequencies and the first
//	                    block of its postings
//	p/NNN.bin           packs of further postings blocks
//	f/NNN.json          result fragments: what a result shows, for a run of
//	                    consecutive documents
//	x/NNN.bin           text packs: the passages a result quotes, asked for
//	                    one at a time with range requests (texts.go)
//	z/NN.json           the query fold's dictionaries, by first character
//
// export.go describes the binary layout of term shards and packs.
package search

// Doc is one document: one section of one report.
type Doc struct {
	URL     string   // site path of the section: reports/2024/<agency>/#s1
	Title   string   // what a result is called: agency and year
	Agency  string   // the agency's name and aliases, one a line
	Region  []string // province, city, district (as many as known)
	Year    int
	Level   string // level of government (report.Levels)
	Layout  string // 2019, 2021 or mixed
	Section string // the section's heading
	Order   int    // the section's place in the report, for sorting
	Text    string // narrative as plain text
	Labels  []string
}

// Field is a searchable field and its weight in the score.
type Field struct {
	Name  string
	Boost float64
}

// Fields are the searchable fields, in the order queries list them.
var Fields = []Field{
	{"agency", 3},
	{"region", 2},
	{"year", 2},
	{"section", 1.5},
	{"text", 1},
	{"labels", 0.5},
}

// Facets are the facet fields and the Doc value each holds.
var Facets = []struct {
	Name  string
	Value func(d *Doc) string
}{
	{"year", func(d *Doc) string { return itoa(d.Year) }},
	{"region", func(d *Doc) string { return province(d) }},
	{"level", func(d *Doc) string { return d.Level }},
	{"layout", func(d *Doc) string { return d.Layout }},
}

func province(d *Doc) string {
	if len(d.Region) == 0 {
		return ""
	}
	return d.Region[0]
}
