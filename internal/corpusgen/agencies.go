package corpusgen

import (
	"strings"

	"sitegen/internal/report"
)

// kind is what an agency is within its level of government.
type kind int

const (
	kindGov    kind = iota // 人民政府 (行政公署)
	kindOffice             // 人民政府办公厅 / 办公室
	kindDept               // a department: 财政局, 教育厅 …
	kindTown               // 街道办事处, 镇/乡人民政府
)

// Powers of a department, which decide which rows of table 二 it fills.
const (
	powLicence = 1 << iota // 行政许可
	powEnforce             // 行政处罚, 行政强制
	powFees                // 行政事业性收费
)

// dept is a department as it is named at each level: prov for a province
// (…厅), muni for a municipality, city for a prefecture, county for a
// district or county. "" means the level has no such department.
type dept struct {
	prov, muni, city, county string
	powers                   int
	demand                   float64 // applications, relative to the typical department
}

var depts = []dept{
	{"教育厅", "教育委员会", "教育局", "教育局", powLicence, 1.0},
	{"公安厅", "公安局", "公安局", "公安局", powLicence | powEnforce, 2.2},
	{"财政厅", "财政局", "财政局", "财政局", powFees, 1.0},
	{"人力资源和社会保障厅", "人力资源和社会保障局", "人力资源和社会保障局", "人力资源和社会保障局", powLicence | powEnforce, 1.8},
	{"自然资源厅", "规划和自然资源委员会", "自然资源和规划局", "自然资源局", powLicence | powEnforce | powFees, 3.0},
	{"生态环境厅", "生态环境局", "生态环境局", "生态环境分局", powLicence | powEnforce, 1.4},
	{"住房和城乡建设厅", "住房和城乡建设委员会", "住房和城乡建设局", "住房和城乡建设局", powLicence | powEnforce | powFees, 2.5},
	{"交通运输厅", "交通委员会", "交通运输局", "交通运输局", powLicence | powEnforce, 1.2},
	{"卫生健康委员会", "卫生健康委员会", "卫生健康委员会", "卫生健康局", powLicence | powEnforce, 1.2},
	{"市场监督管理局", "市场监督管理局", "市场监督管理局", "市场监督管理局", powLicence | powEnforce | powFees, 1.6},
	{"民政厅", "民政局", "民政局", "民政局", powLicence, 0.8},
	{"司法厅", "司法局", "司法局", "司法局", powLicence, 0.6},
	{"水利厅", "水务局", "水利局", "水利局", powLicence | powEnforce | powFees, 0.7},
	{"农业农村厅", "农业农村局", "农业农村局", "农业农村局", powLicence | powEnforce, 0.8},
	{"商务厅", "商务局", "商务局", "商务局", powLicence, 0.5},
	{"文化和旅游厅", "文化和旅游局", "文化广电和旅游局", "文化体育和旅游局", powLicence | powEnforce, 0.5},
	{"应急管理厅", "应急管理局", "应急管理局", "应急管理局", powLicence | powEnforce, 0.6},
	{"发展和改革委员会", "发展和改革委员会", "发展和改革委员会", "发展和改革局", powLicence, 1.0},
	{"统计局", "统计局", "统计局", "统计局", powEnforce, 0.3},
	{"审计厅", "审计局", "审计局", "审计局", 0, 0.3},
	{"医疗保障局", "医疗保障局", "医疗保障局", "医疗保障局", powEnforce, 0.6},
	{"退役军人事务厅", "退役军人事务局", "退役军人事务局", "退役军人事务局", 0, 0.4},
	{"", "城市管理委员会", "城市管理局", "综合行政执法局", powLicence | powEnforce, 1.0},
	{"机关事务管理局", "机关事务管理局", "机关事务管理局", "机关事务服务中心", 0, 0.2},
	{"林业局", "园林绿化局", "林业局", "林业局", powLicence | powEnforce, 0.4},
}

// unit is a level of government: a province, a prefecture, a district or
// county, or a township. Its children are made up as they are needed.
type unit struct {
	name   string // 河北省, 石家庄市, 新华区, 建北街道
	level  string // one of report.Levels
	parent *unit
	prefix string // how the names of its agencies begin: 石家庄市新华区
	gov    string // its government: 石家庄市人民政府, 阿克苏地区行政公署, 建北街道办事处
	region report.Region
	muni   bool // a municipality (直辖市) itself

	cities   []*unit // prefectures (or a municipality's districts)
	children []*unit // districts of a prefecture, townships of a district
}

// chain lists the unit and the units above it, from itself up.
func (u *unit) chain() []string {
	var out []string
	for ; u != nil; u = u.parent {
		out = append(out, u.name)
	}
	return out
}

// planned is an agency of the corpus with what the generator needs to know
// of it besides its record.
type planned struct {
	index  int
	rec    *report.Agency
	unit   *unit
	kind   kind
	dept   dept
	first  int // first report year
	last   int // last report year
	self   string
	area   string
	office string // who compiles the report: the government's office, or the agency itself
}

// years lists the agency's report years.
func (a *planned) years() []int {
	var ys []int
	for y := a.first; y <= a.last; y++ {
		ys = append(ys, y)
	}
	return ys
}

// world holds the units made so far and the names taken.
type world struct {
	r         rng
	provinces []*unit
	names     map[string]bool // agency names and keys taken
	places    map[string]bool // county-level city names taken (they stand without a prefix)
}

func newWorld(r rng) *world {
	w := &world{r: r, names: map[string]bool{}, places: map[string]bool{}}
	for _, p := range provinces {
		pu := &unit{name: p.Name, level: "省级", prefix: p.Name, gov: p.Name + "人民政府", muni: p.Municipality,
			region: report.Region{Province: p.Name}}
		for _, c := range p.Cities {
			w.places[c] = true
			if p.Municipality {
				cu := &unit{name: c, level: "县级", parent: pu, prefix: p.Name + c, gov: p.Name + c + "人民政府",
					region: report.Region{Province: p.Name, District: c}}
				pu.cities = append(pu.cities, cu)
				continue
			}
			gov := c + "人民政府"
			if s := suffixOf(c); s == "地区" || s == "盟" {
				gov = c + "行政公署"
			}
			cu := &unit{name: c, level: "市级", parent: pu, prefix: c, gov: gov,
				region: report.Region{Province: p.Name, City: c}}
			pu.cities = append(pu.cities, cu)
		}
		w.provinces = append(w.provinces, pu)
	}
	return w
}

// madeUpName returns a two-character place name not yet used among taken.
func (w *world) madeUpName(taken map[string]bool, suffix string) string {
	for {
		a, b := nameFirst[w.r.IntN(len(nameFirst))], nameSecond[w.r.IntN(len(nameSecond))]
		if a == b {
			continue
		}
		n := string([]rune{a, b}) + suffix
		if !taken[n] {
			return n
		}
	}
}

// districts returns the districts and counties of a prefecture, making
// them up the first time.
func (w *world) districts(c *unit) []*unit {
	if c.children != nil || c.level != "市级" {
		return c.children
	}
	n := w.r.between(4, 13)
	taken := map[string]bool{}
	for i := range n {
		suffix := "县"
		switch x := w.r.Float64(); {
		case i < 2 || x < 0.35:
			suffix = "区"
		case x < 0.5:
			suffix = "市"
		}
		var name string
		if suffix == "市" {
			// A county-level city stands without its prefecture's name.
			name = w.madeUpName(w.places, suffix)
			w.places[name] = true
		} else {
			name = w.madeUpName(taken, suffix)
		}
		taken[name] = true
		prefix := c.name + name
		if suffix == "市" {
			prefix = name
		}
		c.children = append(c.children, &unit{name: name, level: "县级", parent: c, prefix: prefix, gov: prefix + "人民政府",
			region: report.Region{Province: c.region.Province, City: c.name, District: name}})
	}
	return c.children
}

// townships returns the townships and street offices under a district (or
// under a city without districts), making them up the first time.
func (w *world) townships(d *unit) []*unit {
	if d.children != nil {
		return d.children
	}
	n := w.r.between(5, 18)
	taken := map[string]bool{}
	for range n {
		var suffix string
		x := w.r.Float64()
		switch suffixOf(d.name) {
		case "区":
			suffix = map[bool]string{true: "街道", false: "镇"}[x < 0.7]
		case "县":
			suffix = map[bool]string{true: "镇", false: "乡"}[x < 0.65]
		default:
			suffix = map[bool]string{true: "街道", false: "镇"}[x < 0.4]
		}
		name := w.madeUpName(taken, suffix)
		taken[name] = true
		gov := d.prefix + name + "人民政府"
		if suffix == "街道" {
			gov = d.prefix + name + "办事处"
		}
		d.children = append(d.children, &unit{name: name, level: "乡级", parent: d, prefix: d.prefix + name, gov: gov, region: d.region})
	}
	return d.children
}

// Shares of new agencies by level, and of kinds within a level.
var levelShares = []struct {
	level string
	share float64
}{{"省级", 0.08}, {"市级", 0.30}, {"县级", 0.44}, {"乡级", 0.18}}

// pickUnit draws the unit of a new agency.
func (w *world) pickUnit() *unit {
	// Provinces weighted by their number of prefectures, as the number of
	// agencies grows with them.
	total := 0
	for _, p := range w.provinces {
		total += len(p.cities) + 6
	}
	i := w.r.IntN(total)
	var p *unit
	for _, q := range w.provinces {
		if i -= len(q.cities) + 6; i < 0 {
			p = q
			break
		}
	}
	x, level := w.r.Float64(), "乡级"
	for _, s := range levelShares {
		if x -= s.share; x < 0 {
			level = s.level
			break
		}
	}
	if level == "省级" {
		return p
	}
	c := p.cities[w.r.skewed(len(p.cities))]
	if p.muni {
		// A municipality's districts are its second level.
		if level == "县级" || level == "市级" {
			return c
		}
		ts := w.townships(c)
		return ts[w.r.skewed(len(ts))]
	}
	if level == "市级" {
		return c
	}
	if noDistricts[c.name] {
		ts := w.townships(c)
		return ts[w.r.skewed(len(ts))]
	}
	ds := w.districts(c)
	d := ds[w.r.skewed(len(ds))]
	if level == "县级" {
		return d
	}
	ts := w.townships(d)
	return ts[w.r.skewed(len(ts))]
}

// newAgency draws an agency not yet in the corpus.
func (w *world) newAgency(index int) *planned {
	for {
		u := w.pickUnit()
		a := &planned{index: index, unit: u, area: areaWord(u.name)}
		var name string
		x := w.r.Float64()
		switch {
		case u.level == "乡级":
			a.kind, name = kindTown, u.gov
			a.self = suffixOf(u.name)
			a.area = a.self
		case x < 0.13:
			a.kind, name, a.self = kindGov, u.gov, a.area
		case x < 0.19:
			a.kind, name, a.self = kindOffice, u.gov+"办公室", "办"
			if u.level == "省级" {
				name = u.gov + "办公厅"
			}
		default:
			a.kind = kindDept
			a.dept = depts[w.r.IntN(len(depts))]
			dn := a.dept.county
			switch {
			case u.level == "省级" && u.muni:
				dn = a.dept.muni
			case u.level == "省级":
				dn = a.dept.prov
			case u.level == "市级":
				dn = a.dept.city
			}
			if dn == "" {
				continue
			}
			name = u.prefix + dn
			switch {
			case strings.HasSuffix(dn, "委员会"):
				a.self = "委"
			case strings.HasSuffix(dn, "中心"):
				a.self = "中心"
			default:
				a.self = string([]rune(dn)[len([]rune(dn))-1:])
			}
		}
		key := report.Slug(name)
		if w.names[name] || w.names[key] {
			continue
		}
		w.names[name], w.names[key] = true, true
		a.rec = &report.Agency{Key: key, Name: name, Region: u.region, Level: u.level}
		switch {
		case a.kind == kindGov && u.parent != nil:
			a.rec.Parent = u.parent.gov
		case a.kind == kindTown:
			a.rec.Parent = u.parent.gov
		case a.kind != kindGov:
			a.rec.Parent = u.gov
		}
		a.office = name
		if a.kind == kindGov {
			a.office = name + "办公室"
			if u.level == "省级" {
				a.office = name + "办公厅"
			}
		}
		return a
	}
}

// Report years span 2016–2025.
const (
	FirstYear = 2016
	LastYear  = 2025
)

// runShares are the shares of agencies by the number of consecutive years
// they publish (1 to 10).
var runShares = []float64{0.05, 0.07, 0.09, 0.10, 0.11, 0.11, 0.10, 0.10, 0.10, 0.17}

// plan draws agencies and their runs of report years until there are n
// reports in all.
func (w *world) plan(n int) []*planned {
	var out []*planned
	for left := n; left > 0; {
		a := w.newAgency(len(out))
		x, run := w.r.Float64(), len(runShares)
		for i, s := range runShares {
			if x -= s; x < 0 {
				run = i + 1
				break
			}
		}
		run = min(run, left)
		span := LastYear - FirstYear + 1
		// Most agencies still publish: their run ends with the last year.
		a.last = LastYear
		if !w.r.chance(0.6) {
			a.last = FirstYear + run - 1 + w.r.IntN(span-run+1)
		}
		a.first = a.last - run + 1
		left -= run
		out = append(out, a)
	}
	return out
}
