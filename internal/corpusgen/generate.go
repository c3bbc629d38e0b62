package corpusgen

import (
	"fmt"
	"path"
	"strconv"

	"sitegen/internal/report"
)

// file is an output file: its path under the output directory and bytes.
type file struct {
	path string
	data []byte
}

// agencyOut is what one agency contributes to the corpus.
type agencyOut struct {
	files       []file
	defects     []Defect
	traditional []string
	narrative   int   // bytes of narrative in all
	bytes       int64 // bytes of the files
	count       int   // number of files, once written
}

// gen holds what every agency's generation shares; it is read-only while
// the workers run.
type gen struct {
	opts        Options
	pool        *pool
	conv        *converter
	figNew      bool         // the pool can state 新收申请 in the narrative
	defects     map[int]bool // report indexes (agency order, then year) with a defect
	traditional map[int]bool // report indexes written in traditional characters
}

// titleSuffix is the title after the agency's name and the year.
const titleSuffix = "年政府信息公开工作年度报告"

// agency generates the reports of one agency, year by year, and its
// record. first is the index of its first report in the corpus.
func (g *gen) agency(a *planned, first int) (*agencyOut, error) {
	// Each agency draws from its own stream, so agencies can be generated
	// in any order, in parallel, with the same result.
	r := newRNG(g.opts.Seed, uint64(a.index)+1)
	prof := newProfile(r, a)
	st := &state{}
	names := newAgencyText(r, a)
	out := &agencyOut{}
	anyHant := false
	for i := range a.years() {
		anyHant = anyHant || g.traditional[first+i]
	}
	if anyHant {
		names.convert(g.conv)
		if names.hName != a.rec.Name {
			a.rec.Aliases = append(a.rec.Aliases, names.hName)
		}
	}
	out.files = append(out.files, file{path.Join(report.AgenciesDir, a.rec.Key+".yaml"), report.FormatAgency(a.rec)})

	var prevLayout report.Layout
	for i, year := range a.years() {
		idx := first + i
		layout := report.DefaultLayout(year)
		rel := path.Join(report.ReportsDir, strconv.Itoa(year), a.rec.Key+".md")
		hant := g.traditional[idx]
		rep := &report.Report{Agency: a.rec.Key, Year: year}
		c := &defectCtx{r: r, first: i == 0, prevL: prevLayout, layout: layout, hant: hant, figNew: g.figNew, rep: rep, st: st}
		var kind *defectKind
		shift := 0
		f := &figures{year: year, layout: layout}
		if g.defects[idx] {
			// The kind is drawn before the tables: a misstated carry-over
			// shapes the table it is in.
			kind = chooseDefect(c)
			if kind.name == "carry-in" {
				shift = carryShift(c, st.carry[report.ColPerson])
			}
		}
		genTable3(r, prof, st, f, shift)
		genTable2(r, prof, st, f)
		st.started = true
		f.toReport(rep)
		if kind != nil && kind.name == "no-unit" && rep.Table2.Get("政府集中采购", "采购总金额").Value == 0 {
			// Chosen before the table showed no purchases: there is an amount after all.
			n := r.between(1, 12)
			rep.Table2.Rows["政府集中采购"] = map[string]report.Cell{"采购项目数量": count(n), "采购总金额": amount(r, float64(n)*r.lognormal(40, 0.8), false)}
		}
		if kind != nil {
			kind.apply(c)
		}
		prevLayout = layout

		rep.Title = g.title(r, a.rec.Name, year)
		if r.chance(0.7) {
			rep.Published = fmt.Sprintf("%d-%02d-%02d", year+1, r.between(1, 3), r.between(1, 28))
		}
		rep.Source.Note = fmt.Sprintf("合成语料（gencorpus，种子 %d）：表格按勾稽关系生成，叙述由真实年报的句子换上机关名称、年份和数字拼成", g.opts.Seed)
		fl := &filler{r: r, conv: g.conv, a: a, names: names, year: year, hant: hant, figs: figureValues(rep, f), scale: levelScale[a.unit.level]}
		if kind != nil && kind.name == "narrative-figure" {
			v := fl.figs[figNew]
			fl.skew = map[int]int{figNew: misprint(r, v)}
			c.reason = fmt.Sprintf("叙述所说新收申请 %d 件与表三（%d 件）不符", fl.skew[figNew], v)
		}
		text := g.pool.compose(fl)
		rep.Sections = text.sections
		if hant {
			rep.Title = g.conv.hant(rep.Title)
			rep.Source.Note += "；叙述和标题经 OpenCC s2twp 转为台湾正体"
			out.traditional = append(out.traditional, rel)
		}
		var src []byte
		if kind != nil {
			rep.Sections = kind.drop(rep.Sections)
			var err error
			if src, err = record(c, rel, a.rec.Name); err != nil {
				return nil, err
			}
			out.defects = append(out.defects, Defect{File: rel, Agency: a.rec.Key, Year: year, Kind: kind.name, Rules: kind.rules, Reason: c.reason})
		} else {
			src = report.Format(rep, a.rec.Name)
		}
		for _, s := range rep.Sections {
			out.narrative += len(s.Body)
		}
		out.files = append(out.files, file{rel, src})
	}
	for _, f := range out.files {
		out.bytes += int64(len(f.data))
	}
	return out, nil
}

// title draws the title as agencies print it.
func (g *gen) title(r rng, name string, year int) string {
	switch x := r.Float64(); {
	case x < 0.08:
		return fmt.Sprintf("%d年%s政府信息公开工作年度报告", year, name)
	case x < 0.13:
		return fmt.Sprintf("%s%d年度政府信息公开工作年度报告", name, year)
	}
	return fmt.Sprintf("%s%d%s", name, year, titleSuffix)
}

// figureValues are the figures the narrative may state, as the tables
// print them (after any defect), summed as the validator sums them.
func figureValues(rep *report.Report, f *figures) map[int]int {
	t3 := rep.Table3
	total := func(key string) int { return int(t3.Get(key, report.ColTotal).Value) }
	group := func(prefix string) int {
		s := 0
		for _, def := range report.Table3Rows[t3.Layout] {
			if def.Key == prefix || def.Group == prefix {
				s += total(def.Key)
			}
		}
		return s
	}
	partly := report.Table3Rows[t3.Layout][3].Key // （二）部分公开…
	v := map[int]int{
		figNew:        total(report.RowNew),
		figCarriedIn:  total(report.RowCarriedIn),
		figGranted:    total("（一）予以公开"),
		figPartly:     total(partly),
		figRefused:    group("（三）不予公开"),
		figUnable:     group("（四）无法提供"),
		figNotHandled: group("（五）不予处理"),
		figOther:      group(report.GroupOther),
		figClosed:     total(report.RowTotal),
		figCarryOut:   total(report.RowCarryOut),
	}
	t4 := f.t4
	if rep.Table4 != nil {
		for g := range 3 {
			for c := range 5 {
				t4[g][c] = int(rep.Table4.Get(g, c).Value)
			}
		}
	}
	v[figReview] = t4[0][4]
	v[figSuit] = t4[1][4] + t4[2][4]
	for c := range 4 {
		v[figResult+c] = t4[0][c]
		v[figResult+4+c] = t4[1][c] + t4[2][c]
	}
	return v
}
