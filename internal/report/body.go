package report

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	headingRE = regexp.MustCompile(`^##[ \t]+(.+?)[ \t#]*$`)
	fenceRE   = regexp.MustCompile("^[ \t]{0,3}(```|~~~)")
	sectionIx = func() labelIndex {
		ix := labelIndex{}
		for _, s := range Sections {
			ix.add(s.Heading(), s.Num)
		}
		return ix
	}()
	numberOnlyRE = regexp.MustCompile(`^([一二三四五六])、`)
)

// parseBody splits the Markdown body into the preamble and the sections
// under level-2 headings. firstLine is the file line the body starts on.
func parseBody(d *diags, body []byte, firstLine int) []Section {
	lines := strings.Split(string(body), "\n")
	var out []Section
	cur := Section{Line: firstLine, BodyPos: firstLine}
	var buf []string
	flush := func() {
		for len(buf) > 0 && strings.TrimSpace(buf[0]) == "" {
			buf = buf[1:]
			cur.BodyPos++
		}
		cur.Body = strings.TrimRight(strings.Join(buf, "\n"), " \t\n")
		if cur.Num != "" || cur.Body != "" {
			out = append(out, cur)
		}
		buf = nil
	}
	inFence := false
	seen := map[string]int{}
	lastIdx := -1
	deep := false
	for i, l := range lines {
		line := firstLine + i
		l = strings.TrimRight(l, "\r")
		if fenceRE.MatchString(l) {
			inFence = !inFence
		}
		if at := tooNested(l, MaxDepth); !inFence && !deep && at >= 0 {
			// One finding is enough: the Markdown renderer is not run on
			// a file with errors.
			deep = true
			d.errorf("F1", Pos{line, utf8.RuneCountInString(l[:at]) + 1}, "", fmt.Sprintf("block quotes and lists nested at most %d deep", MaxDepth),
				"Markdown nested more than %d deep on one line", MaxDepth)
		}
		m := headingRE.FindStringSubmatch(l)
		if inFence || m == nil {
			buf = append(buf, l)
			continue
		}
		flush()
		// A copy: a substring would keep the whole file's text alive.
		title := strings.Clone(strings.TrimSpace(m[1]))
		start := headingRE.FindStringSubmatchIndex(l)[2] + strings.Index(m[1], title)
		pos := Pos{line, utf8.RuneCountInString(l[:start]) + 1}
		num, found := sectionIx.lookup(title)
		if !found {
			expected := "one of the six standard headings: " + allHeadings()
			if nm := numberOnlyRE.FindStringSubmatch(foldLabel(title)); nm != nil {
				expected = "## " + sectionByNum(nm[1]).Heading()
			}
			d.errorf("S2", pos, "", expected, "unknown section heading %q", title)
			cur = Section{Num: "?", Title: title, Line: line, BodyPos: line + 1}
			continue
		}
		if prev, dup := seen[num]; dup {
			d.errorf("F3", pos, "", "each section once", "section %s appears twice (first at line %d)", num, prev)
		}
		seen[num] = line
		idx := sectionIndex(num)
		if idx < lastIdx {
			d.warnf("S5", pos, "", "the order 一, 二, 三, 四, 五, 六", "section %s comes after section %s", num, Sections[lastIdx].Num)
		}
		lastIdx = max(lastIdx, idx)
		cur = Section{Num: num, Title: title, Line: line, BodyPos: line + 1}
	}
	flush()
	// Drop the placeholder sections of unknown headings: their text was
	// reported and is kept out of the standard sections.
	kept := out[:0]
	for _, s := range out {
		if s.Num != "?" {
			kept = append(kept, s)
		}
	}
	return kept
}

func allHeadings() string {
	var s []string
	for _, sec := range Sections {
		s = append(s, sec.Heading())
	}
	return strings.Join(s, ", ")
}

func sectionIndex(num string) int {
	for i, s := range Sections {
		if s.Num == num {
			return i
		}
	}
	return -1
}

func sectionByNum(num string) SectionDef { return Sections[sectionIndex(num)] }

// tooNested returns the offset in a Markdown line of the block quote or
// list marker that opens container number limit+1 on it, or -1. A
// thematic break (- - -) opens none.
func tooNested(l string, limit int) int {
	if t := strings.Trim(l, " \t"); t != "" && strings.Contains("-*_", t[:1]) && strings.Trim(t, " \t"+t[:1]) == "" {
		return -1
	}
	depth := 0
	for i := 0; ; {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		if i == len(l) {
			return -1
		}
		start := i
		switch c := l[i]; {
		case c == '>':
			i++
		case c == '-' || c == '+' || c == '*':
			if i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\t' {
				return -1
			}
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j == len(l) || (l[j] != '.' && l[j] != ')') || (j+1 < len(l) && l[j+1] != ' ' && l[j+1] != '\t') {
				return -1
			}
			i = j + 1
		default:
			return -1
		}
		if depth++; depth > limit {
			return start
		}
	}
}
