package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity of a finding.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one problem found in a content file, positioned like a
// compiler diagnostic.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	// Path names the place in the report's data (table3.（七）总计.自然人),
	// "" for findings about the file as a whole or its body.
	Path     string `json:"path,omitempty"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	// Recorded is the reason given under known_defects when the published
	// source really has this defect; such errors do not fail a check.
	Recorded string `json:"recorded,omitempty"`
}

// Blocking reports whether the finding fails a check or a build.
func (f Finding) Blocking() bool { return f.Severity == Error && f.Recorded == "" }

// String formats the finding as `file:line:col: error[B1] message (expected …)`.
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s[%s] %s", f.File, f.Line, f.Col, f.Severity, f.Rule, f.Message)
	if f.Expected != "" {
		fmt.Fprintf(&b, "; expected %s", f.Expected)
	}
	if f.Recorded != "" {
		fmt.Fprintf(&b, " [recorded source defect: %s]", f.Recorded)
	}
	return b.String()
}

// SortFindings orders findings by file, position, rule and message.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Summary counts findings.
type Summary struct {
	Errors, Recorded, Warnings int
}

// Summarize counts blocking errors, recorded errors and warnings.
func Summarize(fs []Finding) Summary {
	var s Summary
	for _, f := range fs {
		switch {
		case f.Severity == Warning:
			s.Warnings++
		case f.Recorded != "":
			s.Recorded++
		default:
			s.Errors++
		}
	}
	return s
}

// diags collects findings for one file.
type diags struct {
	file string
	list []Finding
}

func (d *diags) add(sev Severity, rule string, pos Pos, path, msg, expected string) {
	if pos.Line == 0 {
		pos = Pos{1, 1}
	}
	d.list = append(d.list, Finding{File: d.file, Line: pos.Line, Col: pos.Col, Severity: sev,
		Rule: rule, Path: path, Message: msg, Expected: expected})
}

func (d *diags) errorf(rule string, pos Pos, path, expected, format string, args ...any) {
	d.add(Error, rule, pos, path, fmt.Sprintf(format, args...), expected)
}

func (d *diags) warnf(rule string, pos Pos, path, expected, format string, args ...any) {
	d.add(Warning, rule, pos, path, fmt.Sprintf(format, args...), expected)
}
