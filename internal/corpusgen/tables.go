package corpusgen

import (
	"math"

	"sitegen/internal/report"
)

// levelScale is how much an agency's figures scale with its level.
var levelScale = map[string]float64{"省级": 4, "市级": 1.6, "县级": 0.7, "乡级": 0.06}

// trend is the national trend of applications by report year (2020 = 1).
var trend = map[int]float64{2016: 0.55, 2017: 0.65, 2018: 0.75, 2019: 0.9, 2020: 1, 2021: 1.1, 2022: 1.15, 2023: 1.2, 2024: 1.15, 2025: 1.1}

// Typical shares: applicant columns (自然人 and the five 法人或其他组织), the
// outcome leaves of table 三 in form order (2019 layout, then the three
// sub-items 2021 gives （六）其他处理), and the results of table 四.
var (
	applicantShares = []float64{0.9, 0.06, 0.003, 0.004, 0.02, 0.013}
	outcomeShares   = []float64{
		0.40, 0.08, // （一）予以公开, （二）部分公开
		0.003, 0.01, 0.003, 0.012, 0.006, 0.012, 0.006, 0.008, // （三）不予公开 1–8
		0.24, 0.03, 0.01, // （四）无法提供 1–3
		0.04, 0.03, 0.01, 0.01, 0.01, // （五）不予处理 1–5
	}
	otherShares2019 = []float64{0.08}
	otherShares2021 = []float64{0.04, 0.004, 0.036}
	resultShares    = []float64{0.55, 0.15, 0.15, 0.15}
)

// profile is what stays the same for an agency across its years: how many
// applications it gets and how it handles them, its powers.
type profile struct {
	scale      float64 // applications in 2020
	applicants []float64
	outcomes   []float64 // 2019 leaves then the 2021 split of （六）
	carryRate  float64
	review     [3]float64 // share of applications that end in each group of 四
	results    []float64
	powers     int
	makesRules bool    // 规章: governments of provinces and prefectures
	normative  float64 // 规范性文件 a year
	items      float64 // size of its lists of items (许可, 处罚 …)
	decisions  float64 // decisions a year per item
	purchases  float64 // 政府集中采购 a year
	fees       float64 // 行政事业性收费 in 万元 a year
}

func newProfile(r rng, a *planned) *profile {
	ls := levelScale[a.unit.level]
	p := &profile{}
	switch a.kind {
	case kindGov:
		p.scale = r.lognormal(60*ls, 0.8)
		p.powers = powLicence | powEnforce | powFees
		p.makesRules = a.unit.level == "省级" || a.unit.level == "市级"
		p.normative = 8 * ls
	case kindOffice:
		p.scale = r.lognormal(15*ls, 0.8)
		p.makesRules = a.unit.level == "省级" || a.unit.level == "市级"
		p.normative = 6 * ls
	case kindDept:
		p.scale = r.lognormal(16*ls*a.dept.demand, 0.9)
		p.powers = a.dept.powers
		p.normative = 1.5 * ls
	case kindTown:
		p.scale = r.lognormal(0.8, 1.0)
		p.powers = powEnforce
		p.normative = 0.3
	}
	p.applicants = r.jitterWeights(applicantShares, 0.5)
	p.outcomes = r.jitterWeights(append(append(append([]float64{}, outcomeShares...), otherShares2019...), otherShares2021...), 0.5)
	if r.chance(0.6) {
		p.carryRate = r.uniform(0.005, 0.06)
	}
	p.review = [3]float64{r.uniform(0.003, 0.04), r.uniform(0.001, 0.015), r.uniform(0.0005, 0.008)}
	p.results = r.jitterWeights(resultShares, 0.4)
	if p.powers != 0 {
		p.items = r.lognormal(40*math.Sqrt(ls), 0.7)
		p.decisions = r.lognormal(20, 1.2)
	}
	p.purchases = r.lognormal(6*ls, 0.8)
	if p.powers&powFees != 0 {
		p.fees = r.lognormal(300*ls, 1.2)
	}
	return p
}

// state carries figures from one year to the next.
type state struct {
	started   bool
	carry     []int  // 结转下年度继续办理 by column, without 总计
	items     [5]int // 2019 上一年项目数量 of the rows that have it, for next year
	itemsSet  bool   // items holds last year's figures
	published [2]int // 2019 对外公开总数量 of 规章, 规范性文件
	valid     [2]int // 2021 现行有效件数 of 规章, 行政规范性文件
	validSet  bool   // valid holds last year's figures
}

// figures are the numbers of one report before they become a
// report.Report.
type figures struct {
	year   int
	layout report.Layout
	new    []int   // 7 columns (总计 last)
	in     []int   // 上年结转
	leaves [][]int // outcome leaves in form order, each 7 columns
	out    []int   // 结转下年度
	t4     [3][5]int
	t2     map[string]map[string]report.Cell
}

// sumCols returns v with its 总计 column (index 6) set.
func sumCols(v []int) []int {
	out := make([]int, 7)
	copy(out, v[:6])
	for _, x := range v[:6] {
		out[6] += x
	}
	return out
}

// genTable3 draws tables 三 and 四 for a year. carryShift is added to the
// 自然人 figure carried in (a defect when not 0: it no longer matches last
// year's carry-out); the table stays consistent with the figure printed.
func genTable3(r rng, p *profile, s *state, f *figures, carryShift int) {
	lambda := p.scale * trend[f.year] * r.lognormal(1, 0.3)
	total := r.poisson(lambda)
	newCols := r.multinomial(total, p.applicants)
	in := make([]int, 6)
	if s.started {
		copy(in, s.carry)
	} else {
		for c := range in {
			in[c] = r.binomial(newCols[c], p.carryRate)
		}
	}
	in[0] = max(0, in[0]+carryShift)
	f.new, f.in = sumCols(newCols), sumCols(in)
	leafShares := p.outcomes[:len(outcomeShares)+1]
	if f.layout == report.Layout2021 {
		leafShares = append(append([]float64{}, p.outcomes[:len(outcomeShares)]...), p.outcomes[len(outcomeShares)+1:]...)
	}
	out := make([]int, 6)
	leaves := make([][]int, len(leafShares))
	for i := range leaves {
		leaves[i] = make([]int, 6)
	}
	for c := range 6 {
		avail := newCols[c] + in[c]
		out[c] = r.binomial(avail, p.carryRate)
		for i, k := range r.multinomial(avail-out[c], leafShares) {
			leaves[i][c] = k
		}
	}
	for i := range leaves {
		leaves[i] = sumCols(leaves[i])
	}
	f.leaves, f.out = leaves, sumCols(out)
	s.carry = out

	for g := range 3 {
		n := r.poisson(float64(total) * p.review[g])
		res := r.multinomial(n, p.results)
		copy(f.t4[g][:4], res)
		f.t4[g][4] = n
	}
}

// amount makes a money cell of v 万元, written in 万元 with two decimals at
// most, or now and then in 元.
func amount(r rng, v float64, yuanOK bool) report.Cell {
	cents := math.Round(v * 100)
	if cents == 0 {
		return report.Cell{Set: true, Value: 0, Unit: "万元"}
	}
	if yuanOK && r.chance(0.12) {
		return report.Cell{Set: true, Value: cents * 100, Unit: "元"}
	}
	return report.Cell{Set: true, Value: cents / 100, Unit: "万元"}
}

func count(v int) report.Cell { return report.Num(float64(v)) }

// rows2019Items are the 2019 rows with 上一年项目数量 and the power each needs.
var rows2019Items = []struct {
	label string
	power int
	share float64 // of the agency's items
}{
	{"行政许可", powLicence, 0.5},
	{"其他对外管理服务事项", powLicence, 0.3},
	{"行政处罚", powEnforce, 1.6},
	{"行政强制", powEnforce, 0.15},
	{"行政事业性收费", powFees, 0.08},
}

// genTable2 draws table 二 for a year, in the layout of the year.
func genTable2(r rng, p *profile, s *state, f *figures) {
	t := map[string]map[string]report.Cell{}
	f.t2 = t
	made := [2]int{}
	if p.makesRules {
		made[0] = r.poisson(map[bool]float64{true: 3, false: 1}[p.normative > 20])
	}
	made[1] = r.poisson(p.normative * r.lognormal(1, 0.3))
	if !s.started {
		s.published = [2]int{made[0] * r.between(5, 30), made[1]*r.between(3, 15) + r.between(0, 20)}
		if !p.makesRules {
			s.published[0] = 0
		}
	}
	if f.layout == report.Layout2019 {
		for i, row := range []string{"规章", "规范性文件"} {
			pub := made[i]
			if made[i] > 0 && r.chance(0.1) {
				pub += r.between(1, 3)
			}
			repealed := r.binomial(s.published[i], 0.02)
			s.published[i] = max(pub, s.published[i]+pub-repealed)
			t[row] = map[string]report.Cell{"本年新制作数量": count(made[i]), "本年新公开数量": count(pub), "对外公开总数量": count(s.published[i])}
		}
		for i, row := range rows2019Items {
			items := s.items[i]
			if !s.itemsSet {
				items = 0
				if p.powers&row.power != 0 {
					items = int(math.Round(p.items * row.share * r.lognormal(1, 0.4)))
				}
			}
			change := 0
			if items > 0 && r.chance(0.45) {
				change = r.between(-max(1, items/10), max(1, items/8))
				change = max(change, -items)
			}
			s.items[i] = items + change
			cells := map[string]report.Cell{"上一年项目数量": count(items), "本年增/减": count(change)}
			if row.label != "行政事业性收费" {
				decided := 0
				if items > 0 {
					decided = r.poisson(float64(items) * p.decisions * row.share * r.lognormal(1, 0.3))
				}
				cells["处理决定数量"] = count(decided)
			}
			t[row.label] = cells
		}
		s.itemsSet = true
		n := r.poisson(p.purchases)
		amt := 0.0
		if n > 0 {
			amt = float64(n) * r.lognormal(60, 1)
		}
		t["政府集中采购"] = map[string]report.Cell{"采购项目数量": count(n), "采购总金额": amount(r, amt, true)}
		return
	}
	for i, row := range []string{"规章", "行政规范性文件"} {
		prev := s.valid[i]
		if !s.validSet {
			prev = int(math.Round(float64(s.published[i]) * r.uniform(0.4, 0.9)))
		}
		gone := 0
		if prev > 0 && r.chance(0.5) {
			gone = r.binomial(prev, r.uniform(0.01, 0.12))
		}
		s.valid[i] = prev + made[i] - gone
		t[row] = map[string]report.Cell{"本年制发件数": count(made[i]), "本年废止件数": count(gone), "现行有效件数": count(s.valid[i])}
	}
	s.validSet = true
	s.itemsSet = false
	for i, row := range []string{"行政许可", "行政处罚", "行政强制"} {
		decided := 0
		if it := rows2019Items[[]int{0, 2, 3}[i]]; p.powers&it.power != 0 {
			decided = r.poisson(p.items * p.decisions * it.share * r.lognormal(1, 0.3))
		}
		t[row] = map[string]report.Cell{"本年处理决定数量": count(decided)}
	}
	fee := 0.0
	if p.fees > 0 {
		fee = p.fees * r.lognormal(1, 0.3)
	}
	t["行政事业性收费"] = map[string]report.Cell{"本年收费金额": amount(r, fee, false)}
}

// toReport turns figures into the tables of a report.
func (f *figures) toReport(rep *report.Report) {
	rep.Table2 = &report.Table2{Layout: f.layout, Rows: f.t2}
	t3 := &report.Table3{Layout: f.layout, Rows: map[string][]report.Cell{}}
	cells := func(v []int) []report.Cell {
		out := make([]report.Cell, len(v))
		for i, x := range v {
			out[i] = count(x)
		}
		return out
	}
	t3.Rows[report.RowNew] = cells(f.new)
	t3.Rows[report.RowCarriedIn] = cells(f.in)
	total := make([]int, 7)
	i := 0
	for _, def := range report.Table3Rows[f.layout] {
		if !def.Leaf {
			continue
		}
		t3.Rows[def.Key] = cells(f.leaves[i])
		for c, v := range f.leaves[i] {
			total[c] += v
		}
		i++
	}
	t3.Rows[report.RowTotal] = cells(total)
	t3.Rows[report.RowCarryOut] = cells(f.out)
	rep.Table3 = t3
	t4 := &report.Table4{}
	for g := range 3 {
		t4.Groups[g] = cells(f.t4[g][:])
	}
	rep.Table4 = t4
}
