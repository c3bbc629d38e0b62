package changes

import "sitegen/internal/report"

// Comparison is what the year-over-year page shows of a report against
// the agency's previous one.
type Comparison struct {
	Figures   []FigureChange
	Summary   Summary
	Narrative []SectionDiff
}

// Compare compares a report with the agency's previous report: Figures
// and Narrative together.
func Compare(prev, cur *report.Report) Comparison {
	figs, sum := Figures(prev, cur)
	return Comparison{Figures: figs, Summary: sum, Narrative: Narrative(prev, cur)}
}
