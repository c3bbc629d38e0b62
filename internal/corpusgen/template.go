package corpusgen

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A template is a passage of a real report with what belongs to its
// agency and year taken out: names, places, years, contact details and
// figures become slots, filled for each generated report.
//
// While a passage is turned into a template, each slot stands in the text
// as one rune of the Private Use Area (slotBase + its index), which no
// pattern and no OpenCC dictionary matches.
type template struct {
	hans  []piece // simplified
	hant  []piece // converted to Taiwan traditional (s2twp), slots kept
	size  int     // bytes of the simplified text with slots as written in the source
	from  int     // the first report year the text fits (it names events of its time)
	to    int     // the last
	x1    []int   // figures the validator compares with the tables (rule X1)
	figs  bool    // has any figure of the tables
	fee   bool    // states the fee collected (信息处理费)
	zeroN bool    // says no application was received: only for reports with none
	zeroA bool    // says there was no review or suit: only for reports with none
}

type piece struct {
	lit  string
	slot *slot
}

type slotKind uint8

const (
	slName    slotKind = iota // the agency's name
	slOffice                  // the body that compiles the report
	slUnit                    // a place of the agency's chain (arg: 0 = its own unit, 1 = the one above …)
	slShort                   // the same, short: 淮安 for 淮安市
	slSelf                    // the agency in 我市, 我局, 本局
	slArea                    // its area in 全市, 市政府, 市委
	slHead                    // its head: 局长, 厅长, 区长, 主任
	slPhone                   // telephone
	slEmail                   // e-mail address
	slPost                    // postcode
	slAddress                 // street address
	slYear                    // a year (arg: offset from the report year)
	slFig                     // a figure of the tables (arg: fig*)
	slNum                     // another count, scaled and varied (orig: as written)
)

type slot struct {
	kind  slotKind
	arg   int
	orig  string
	scale float64 // for slNum: level scale of the source agency
}

// Figures of the tables the narrative states.
const (
	figNew = iota
	figGranted
	figPartly
	figRefused
	figUnable
	figNotHandled
	figOther
	figClosed
	figCarryOut
	figReview
	figSuit
	figCarriedIn
	figResult // + column (0–3) + 4·group (0 review, 1 suits)
)

const slotBase = 0xE000

// figurePatterns mirror the narrative figures internal/report compares with
// the tables (rule X1): keywords, a few joining characters, the number and a
// counter. extraFigures are phrasings the validator does not check.
var (
	figurePatterns = []struct {
		fig      int
		keywords []string
	}{
		{figNew, []string{"新收到政府信息公开申请", "新收政府信息公开申请", "收到政府信息公开申请", "受理政府信息公开申请", "受理依申请公开"}},
		{figGranted, []string{"予以公开"}},
		{figPartly, []string{"部分公开"}},
		{figRefused, []string{"不予公开"}},
		{figUnable, []string{"无法提供"}},
		{figNotHandled, []string{"不予处理"}},
		{figOther, []string{"其他处理"}},
		{figClosed, []string{"办结"}},
		{figCarryOut, []string{"转下年办理", "转下年度办理", "结转下年度继续办理"}},
		{figReview, []string{"行政复议案件", "行政复议"}},
		{figSuit, []string{"行政诉讼案件", "行政诉讼"}},
	}
	figureREs = func() []*regexp.Regexp {
		var out []*regexp.Regexp
		for _, p := range figurePatterns {
			var alts []string
			for _, k := range p.keywords {
				alts = append(alts, regexp.QuoteMeta(k))
			}
			out = append(out, regexp.MustCompile(`(?:`+strings.Join(alts, "|")+`)[的了共计計為为达達有：:]{0,3}\s*(\d+)\s*(?:件|宗|起|个|個)`))
		}
		return out
	}()
	extraFigures = []struct {
		fig int
		re  *regexp.Regexp
	}{
		{figClosed, regexp.MustCompile(`答复(\d+)件`)},
		{figCarriedIn, regexp.MustCompile(`(?:上年度?结转(?:申请)?|上年结转)(\d+)件`)},
		{figCarryOut, regexp.MustCompile(`另有(\d+)件顺延`)},
		{figNew, regexp.MustCompile(`(\d+)件全部为公民申请`)},
		{figResult + 0, regexp.MustCompile(`结果维持(\d+)件`)},
		{figResult + 1, regexp.MustCompile(`结果纠正(\d+)件`)},
		{figResult + 2, regexp.MustCompile(`其他结果(\d+)件`)},
		{figResult + 3, regexp.MustCompile(`尚未审结(\d+)件`)},
	}

	phoneRE   = regexp.MustCompile(`\d{3,4}-\d{7,8}`)
	emailRE   = regexp.MustCompile(`[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	postRE    = regexp.MustCompile(`邮编[：:](\d{6})`)
	addressRE = regexp.MustCompile(`地址[：:]([^，,；;）)。\s]+)`)
	yearRE    = regexp.MustCompile(`(\d{4})年`)
	numberRE  = regexp.MustCompile(`\d+(?:\.\d+)?(?:余|多)?(?:万|亿)?(?:条|件|个|期|场|次|篇|份|家|项|部|人|名|批|宗|起|元|户|所|类|天|万)`)
	zeroNewRE = regexp.MustCompile(`(?:未|没有)(?:收到|受理)[^。]*申请`)
	zeroAppRE = regexp.MustCompile(`(?:未|没有)(?:发生|出现|收到)[^。]*(?:复议|诉讼)`)
)

// eras are words that date a text: the reports of which years may say them.
var eras = []struct {
	words    []string
	from, to int
}{
	{[]string{"二十大", "二十届"}, 2022, 9999},
	{[]string{"十九大", "十九届"}, 2017, 2022},
	{[]string{"疫情", "新冠", "复工复产", "六保"}, 2020, 2022},
	{[]string{"国令第711号", "新修订的《中华人民共和国政府信息公开条例》", "新《条例》", "两化", "标准化规范化", "国办公开办函"}, 2019, 9999},
	{[]string{"信息处理费"}, 2021, 9999},
}

func eraOf(text string) (from, to int) {
	from, to = 0, 9999
	for _, e := range eras {
		for _, w := range e.words {
			if strings.Contains(text, w) {
				from, to = max(from, e.from), min(to, e.to)
			}
		}
	}
	return from, to
}

// source is what the templates of one real report need to know of its
// agency: the strings that become slots.
type source struct {
	year    int
	names   []string // the agency's name and aliases
	offices []string // its government's office, which compiles the report
	chain   []string // its own unit and the units above it
	self    string   // 局 in 我局; 市 in 我市
	area    string   // 市 in 全市
	scale   float64  // level scale, for the counts
}

// marker collects the slots of one passage.
type marker struct {
	slots []*slot
}

func (m *marker) mark(s *slot) string {
	m.slots = append(m.slots, s)
	return string(rune(slotBase + len(m.slots) - 1))
}

// replaceGroup replaces the first group of each match of re in s.
func replaceGroup(s string, re *regexp.Regexp, f func(match string) string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		g0, g1 := m[0], m[1]
		if len(m) > 2 && m[2] >= 0 {
			g0, g1 = m[2], m[3]
		}
		b.WriteString(s[last:g0])
		b.WriteString(f(s[g0:g1]))
		last = g1
	}
	b.WriteString(s[last:])
	return b.String()
}

// normalizePunct turns the ASCII punctuation of a converted or retyped text
// into the full-width forms around Chinese text.
func normalizePunct(s string) string {
	rs := []rune(s)
	full := map[rune]rune{',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '!': '！', '?': '？'}
	for i, r := range rs {
		f, ok := full[r]
		if !ok {
			continue
		}
		near := func(j int) bool { return j >= 0 && j < len(rs) && rs[j] > unicode.MaxASCII && rs[j] < slotBase }
		if r == ':' && i+2 < len(rs) && rs[i+1] == '/' && rs[i+2] == '/' {
			continue
		}
		if near(i-1) || near(i+1) {
			rs[i] = f
		}
	}
	return string(rs)
}

// compile turns a passage of a source into a template (without its
// traditional form, which the pool adds).
func compile(src *source, text string) *template {
	text = normalizePunct(text)
	t := &template{size: len(text)}
	t.zeroN = zeroNewRE.MatchString(text)
	t.zeroA = zeroAppRE.MatchString(text)
	t.fee = strings.Contains(text, "信息处理费")
	t.from, t.to = eraOf(text)
	m := &marker{}

	// Contact details, before the places they name are replaced.
	text = phoneRE.ReplaceAllStringFunc(text, func(string) string { return m.mark(&slot{kind: slPhone}) })
	text = emailRE.ReplaceAllStringFunc(text, func(string) string { return m.mark(&slot{kind: slEmail}) })
	text = replaceGroup(text, postRE, func(string) string { return m.mark(&slot{kind: slPost}) })
	text = replaceGroup(text, addressRE, func(string) string { return m.mark(&slot{kind: slAddress}) })

	// Names and places, longest first.
	type lit struct {
		old  string
		slot slot
	}
	var lits []lit
	seen := map[string]bool{}
	add := func(old string, s slot) {
		if old != "" && !seen[old] {
			seen[old] = true
			lits = append(lits, lit{old, s})
		}
	}
	for i, u := range src.chain {
		add(u, slot{kind: slUnit, arg: i})
	}
	for _, n := range src.offices {
		add(n, slot{kind: slOffice})
	}
	for _, n := range src.names {
		add(n, slot{kind: slName})
	}
	for i, u := range src.chain {
		if s := shortName(u); s != u {
			add(s, slot{kind: slShort, arg: i})
		}
	}
	slices.SortStableFunc(lits, func(a, b lit) int {
		return cmp.Or(-cmp.Compare(utf8.RuneCountInString(a.old), utf8.RuneCountInString(b.old)), cmp.Compare(a.old, b.old))
	})
	var pairs []string
	for _, l := range lits {
		pairs = append(pairs, l.old, m.mark(&l.slot))
	}
	if len(pairs) > 0 {
		text = strings.NewReplacer(pairs...).Replace(text)
	}

	// The agency speaking of itself and of its area.
	text = replaceWords(text, m, src)

	text = replaceGroup(text, yearRE, func(y string) string {
		n, _ := strconv.Atoi(y)
		if n < 1990 || n > 2035 {
			return y
		}
		return m.mark(&slot{kind: slYear, arg: n - src.year})
	})

	text = figureSlots(text, m, t)

	// Other counts: varied and scaled to the generated agency.
	var b strings.Builder
	last := 0
	for _, loc := range numberRE.FindAllStringIndex(text, -1) {
		if prev, _ := utf8.DecodeLastRuneInString(text[:loc[0]]); strings.ContainsRune("第、.-0123456789", prev) {
			continue
		}
		end := loc[0]
		for end < loc[1] && (text[end] >= '0' && text[end] <= '9' || text[end] == '.') {
			end++
		}
		// 20余家, 5400多条: the 余 goes with the number (3余家 would not do).
		for _, more := range []string{"余", "多"} {
			if strings.HasPrefix(text[end:], more) {
				end += len(more)
			}
		}
		b.WriteString(text[last:loc[0]])
		b.WriteString(m.mark(&slot{kind: slNum, orig: text[loc[0]:end], scale: src.scale}))
		last = end
	}
	b.WriteString(text[last:])
	text = b.String()

	t.hans = pieces(text, m.slots)
	return t
}

// replaceWords replaces the words an agency uses for itself (我市, 我局,
// 本局) and for its area (全市, 市政府, 市委) with slots.
func replaceWords(text string, m *marker, src *source) string {
	type word struct {
		old, prefix, suffix string
		kind                slotKind
	}
	var words []word
	for _, p := range []string{"我", "本"} {
		words = append(words, word{p + src.self, p, "", slSelf})
	}
	if src.self != src.area {
		// A department speaks of its own parts: 局机关, 局领导, 局办公室.
		for _, w := range []string{"机关", "领导", "主要领导", "分管领导", "党组", "办公室", "微信公众号"} {
			words = append(words, word{src.self + w, "", w, slSelf})
		}
		if src.self == "局" || src.self == "厅" {
			words = append(words, word{src.self + "长", "", "", slHead})
		}
	}
	if src.area != "" {
		words = append(words, word{"全" + src.area, "全", "", slArea}, word{src.area + "政府", "", "政府", slArea}, word{src.area + "委", "", "委", slArea})
	}
	// Characters that make the word part of another (城市委员会, 社区委员会).
	const glue = "城超都社小片辖园景民"
	var b strings.Builder
	for i := 0; i < len(text); {
		matched := false
		for _, w := range words {
			if !strings.HasPrefix(text[i:], w.old) {
				continue
			}
			if prev, _ := utf8.DecodeLastRuneInString(text[:i]); w.prefix == "" && strings.ContainsRune(glue, prev) {
				continue
			}
			b.WriteString(w.prefix + m.mark(&slot{kind: w.kind}) + w.suffix)
			i += len(w.old)
			matched = true
			break
		}
		if !matched {
			_, n := utf8.DecodeRuneInString(text[i:])
			b.WriteString(text[i : i+n])
			i += n
		}
	}
	return b.String()
}

// figureSlots replaces the figures of the tables the text states.
func figureSlots(text string, m *marker, t *template) string {
	type hit struct{ start, end, fig int }
	var hits []hit
	for i, re := range figureREs {
		for _, loc := range re.FindAllStringSubmatchIndex(text, -1) {
			hits = append(hits, hit{loc[2], loc[3], figurePatterns[i].fig})
		}
	}
	for _, e := range extraFigures {
		for _, loc := range e.re.FindAllStringSubmatchIndex(text, -1) {
			hits = append(hits, hit{loc[2], loc[3], e.fig})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.fig, b.fig)) })
	var b strings.Builder
	last, group := 0, -1
	for _, h := range hits {
		if h.start < last {
			continue // the same number matched twice
		}
		fig := h.fig
		switch {
		case fig == figReview:
			group = 0
		case fig == figSuit:
			group = 1
		case fig >= figResult && group < 0:
			continue // results of no stated group: an ordinary count
		case fig >= figResult:
			fig += 4 * group
		}
		b.WriteString(text[last:h.start])
		b.WriteString(m.mark(&slot{kind: slFig, arg: fig}))
		last = h.end
		t.figs = true
		if fig <= figSuit {
			t.x1 = append(t.x1, fig)
		}
	}
	b.WriteString(text[last:])
	return b.String()
}

// pieces splits a marked text into literals and slots.
func pieces(text string, slots []*slot) []piece {
	var out []piece
	var lit strings.Builder
	for _, r := range text {
		if i := int(r) - slotBase; i >= 0 && i < len(slots) {
			if lit.Len() > 0 {
				out = append(out, piece{lit: lit.String()})
				lit.Reset()
			}
			out = append(out, piece{slot: slots[i]})
			continue
		}
		lit.WriteRune(r)
	}
	if lit.Len() > 0 {
		out = append(out, piece{lit: lit.String()})
	}
	return out
}

// marked writes pieces back as a marked text, for conversion.
func marked(ps []piece) (string, []*slot) {
	var b strings.Builder
	var slots []*slot
	for _, p := range ps {
		if p.slot == nil {
			b.WriteString(p.lit)
			continue
		}
		b.WriteRune(rune(slotBase + len(slots)))
		slots = append(slots, p.slot)
	}
	return b.String(), slots
}

// vary scales and varies a count as written (5500, 63.6, 20余), keeping
// its decimals; 0 stays 0. 余 (some more) is kept from 10 up.
func vary(r rng, orig string, factor float64) string {
	more := ""
	for _, m := range []string{"余", "多"} {
		if strings.HasSuffix(orig, m) {
			orig, more = strings.TrimSuffix(orig, m), m
		}
	}
	v, err := strconv.ParseFloat(orig, 64)
	if err != nil || v == 0 {
		return orig
	}
	decimals := 0
	if i := strings.IndexByte(orig, '.'); i >= 0 {
		decimals = len(orig) - i - 1
	}
	x := v * factor * r.lognormal(1, 0.35)
	if decimals == 0 {
		n := max(1, int(math.Round(x)))
		if n < 10 {
			more = ""
		}
		return strconv.Itoa(n) + more
	}
	return strconv.FormatFloat(math.Max(x, math.Pow(10, -float64(decimals))), 'f', decimals, 64) + more
}
