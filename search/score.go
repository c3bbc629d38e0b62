package search

import "math"

// BM25 as Bleve 2.6 computes it (search/scorer/scorer_term.go and
// search/searcher/search_term.go), which the client repeats operation by
// operation so that both rank alike to the last bit:
//
//	idf        = ln(1 + (N - df + 0.5) / (df + 0.5))
//	avg        = ceil(field cardinality / N)   (Bleve's "average length":
//	             the number of distinct terms of the field over the documents)
//	norm       = float32(1 / sqrt(field length in terms))
//	tf         = sqrt(frequency)
//	score      = idf * (tf * k1) / (tf + k1 * (1 - b + b * (1/norm²) / avg))
//	           * (boost * idf * queryNorm)
//
// with queryNorm = 1 / sqrt(Σ (boost * idf)²) over every term and field of
// the query. A disjunction sums the scores of its matching fields and
// multiplies by the fraction of its fields that match; a conjunction sums.
// Both sum their children in the order Bleve sorts them: by document
// frequency, ascending, stable for the few children a query has.
const (
	bm25k1 = 1.2
	bm25b  = 0.75
)

// bleveIDF is Bleve's idf; avg > 0 selects BM25 (Bleve falls back to its
// tf-idf form when a field has no terms at all).
func bleveIDF(avg float64, n, df uint64) float64 {
	if avg > 0 {
		return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
	}
	return 1.0 + math.Log(float64(n)/float64(df+1.0))
}

// fieldNorm is the norm Bleve stores for a field of length n.
func fieldNorm(n int) float64 { return float64(float32(1.0 / math.Sqrt(float64(n)))) }

// docScore is the score of one posting before the query weight.
func docScore(idf, avg float64, freq uint64, length int) float64 {
	tf := math.Sqrt(float64(freq))
	norm := fieldNorm(length)
	if avg > 0 {
		fieldLength := 1 / (norm * norm)
		return idf * (tf * bm25k1) / (tf + bm25k1*(1-bm25b+(bm25b*fieldLength/avg)))
	}
	return tf * norm * idf
}

// avgLength is Bleve's average field length for BM25.
func avgLength(n uint64, cardinality int) float64 {
	if n == 0 && cardinality == 0 {
		return 0
	}
	return math.Ceil(float64(cardinality) / float64(n))
}
