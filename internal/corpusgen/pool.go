package corpusgen

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"sitegen/internal/report"
)

// chunk is a unit of narrative taken from a source: a sentence, a run of
// sentences that belong together (一是…二是…), or a paragraph.
type chunk struct {
	t *template
}

// pool holds the chunks of every source by the place they may take.
type pool struct {
	preambles [][]*chunk // per source, its paragraphs in order
	openings  []*chunk   // first paragraphs of 一、总体情况
	topics    [6][]*chunk
	problems  [][]*chunk // per source, the paragraphs of 五 in order
	others    []*chunk   // paragraphs of 六
}

// Topics of 一、总体情况: the five points the national notice asks for
// (0 is anything else).
var topicHeadings = [6][]string{
	nil,
	{"主动公开情况", "主动公开政府信息情况"},
	{"依申请公开情况", "依申请公开政府信息情况"},
	{"政府信息管理情况", "政府信息管理"},
	{"政府信息公开平台建设情况", "平台建设情况"},
	{"政府信息公开监督保障情况", "监督保障情况"},
}

// classify returns the topic a heading or a sentence speaks of.
func classify(s string) int {
	switch {
	case strings.Contains(s, "依申请") || strings.Contains(s, "申请"):
		return 2
	case strings.Contains(s, "平台") || strings.Contains(s, "网站") || strings.Contains(s, "新媒体") || strings.Contains(s, "公众号"):
		return 4
	case strings.Contains(s, "监督") || strings.Contains(s, "保障") || strings.Contains(s, "培训") || strings.Contains(s, "考核") || strings.Contains(s, "督查"):
		return 5
	case strings.Contains(s, "管理") || strings.Contains(s, "审查") || strings.Contains(s, "保密") || strings.Contains(s, "目录"):
		return 3
	case strings.Contains(s, "主动公开") || strings.Contains(s, "发布") || strings.Contains(s, "解读"):
		return 1
	}
	return 0
}

var (
	enumRE     = regexp.MustCompile(`^(?:（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+\s*[、.．]\s*|[二三四五六七八九十]是)\s*`)
	sentenceRE = regexp.MustCompile(`[^。！？]*[。！？][”’」』）]*|[^。！？]+$`)
)

// paragraphs splits a Markdown body into paragraphs of running text; lines
// that are not text (sub-headings, tables, HTML) are left out.
func paragraphs(body string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, ""))
			cur = nil
		}
	}
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
			flush()
		case strings.HasPrefix(l, "#"), strings.HasPrefix(l, "|"), strings.HasPrefix(l, "<"), strings.HasPrefix(l, "---"):
			flush()
		default:
			cur = append(cur, l)
		}
	}
	flush()
	return out
}

// textChunks makes a chunk of every paragraph that is not a heading.
func textChunks(paras []string, mk func(string) *chunk) []*chunk {
	var cs []*chunk
	for _, para := range paras {
		if !isHeading(para) {
			cs = append(cs, mk(para))
		}
	}
	return cs
}

// isHeading reports whether a paragraph is a heading of its own: short and
// with no sentence in it.
func isHeading(p string) bool {
	return !strings.ContainsAny(p, "。！？；") && utf8.RuneCountInString(p) <= 30
}

// sourceOf describes the agency of a source report.
func sourceOf(site *report.Site, r *report.Report) *source {
	a := site.Agency(r)
	src := &source{year: r.Year, scale: 1}
	if a == nil {
		return src
	}
	src.scale = levelScale[a.Level]
	if src.scale == 0 {
		src.scale = 1
	}
	name := a.Name
	if name == "" {
		name = report.PrimaryName(a.Description)
	}
	if a.Name != "" {
		src.names = append(src.names, a.Name)
	}
	src.names = append(src.names, a.Aliases...)
	g := a.Region
	var chain []string
	if a.Level == "乡级" && a.Name != "" {
		unit := a.Name
		for _, p := range []string{g.Province, g.City, g.District} {
			unit = strings.TrimPrefix(unit, p)
		}
		unit = strings.TrimSuffix(strings.TrimSuffix(unit, "办事处"), "人民政府")
		chain = append(chain, unit)
	}
	for _, p := range []string{g.District, g.City, g.Province} {
		if p != "" {
			chain = append(chain, p)
		}
	}
	src.chain = chain
	if len(chain) > 0 {
		src.area = areaWord(chain[0])
	}
	switch {
	case a.Level == "乡级" && len(chain) > 0:
		src.self = suffixOf(chain[0])
		src.area = src.self
	case strings.HasSuffix(name, "人民政府"):
		src.self = src.area
		for _, n := range src.names {
			src.offices = append(src.offices, n+"办公室", n+"办公厅")
		}
	case strings.HasSuffix(name, "办公室") || strings.HasSuffix(name, "办公厅"):
		src.self = "办"
	case strings.HasSuffix(name, "委员会"):
		src.self = "委"
	default:
		src.self = string([]rune(name)[max(0, utf8.RuneCountInString(name)-1):])
	}
	return src
}

// newPool reads the narrative of every source report into chunks.
func newPool(site *report.Site, conv *converter) *pool {
	p := &pool{}
	for _, r := range site.Reports {
		src := sourceOf(site, r)
		mk := func(text string) *chunk {
			t := compile(src, text)
			hantText, slots := marked(t.hans)
			t.hant = pieces(conv.hant(hantText), slots)
			if len(t.hant) != len(t.hans) {
				t.hant = nil // not expected: the slots did not survive; convert piece by piece
				for _, pc := range t.hans {
					if pc.slot == nil {
						pc.lit = conv.hant(pc.lit)
					}
					t.hant = append(t.hant, pc)
				}
			}
			return &chunk{t: t}
		}
		for _, sec := range r.Sections {
			body := sec.Body
			if conv.traditional(body) {
				body = conv.hans(body)
			}
			paras := paragraphs(body)
			switch sec.Num {
			case "":
				if cs := textChunks(paras, mk); len(cs) > 0 {
					p.preambles = append(p.preambles, cs)
				}
			case "五":
				if cs := textChunks(paras, mk); len(cs) > 0 {
					p.problems = append(p.problems, cs)
				}
			case "六":
				for _, para := range paras {
					p.others = append(p.others, mk(para))
				}
			case "一":
				p.overview(paras, mk)
			}
		}
	}
	return p
}

// overview splits the paragraphs of 一、总体情况 into chunks by topic.
func (p *pool) overview(paras []string, mk func(string) *chunk) {
	topic, opened := 0, false
	for _, para := range paras {
		if isHeading(para) {
			topic = classifyHeading(enumRE.ReplaceAllString(para, ""))
			opened = true
			continue
		}
		stripped := enumRE.ReplaceAllString(para, "")
		sentences := sentenceRE.FindAllString(stripped, -1)
		if stripped != para && len(sentences) > 0 {
			// A numbered paragraph that opens with a short sentence opens
			// with its heading: （一）主动公开情况。 1. 聚焦用权公开，提升社会治理水平。
			if first := sentences[0]; utf8.RuneCountInString(first) <= 20 {
				topic = classifyHeading(first)
				sentences = sentences[1:]
			}
		}
		if !opened {
			// The opening paragraph, whole.
			opened = true
			if text := strings.Join(keep(sentences), ""); text != "" {
				p.openings = append(p.openings, mk(text))
			}
			continue
		}
		// A run 一是…二是… stays together, to the end of its paragraph.
		for i := 0; i < len(sentences); i++ {
			s := sentences[i]
			if strings.Contains(s, "一是") && strings.Contains(strings.Join(sentences[i:], ""), "二是") {
				s = strings.Join(keep(sentences[i:]), "")
				i = len(sentences)
			} else if len(keep([]string{s})) == 0 {
				continue
			}
			t := topic
			if t == 0 {
				t = classify(s)
			}
			p.topics[t] = append(p.topics[t], mk(s))
		}
	}
}

// keep drops fragments: sentences under eight characters and those that
// end in a colon, announcing what the source went on with.
func keep(sentences []string) []string {
	var out []string
	for _, s := range sentences {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) < 8 || strings.HasSuffix(s, "：") || strings.HasSuffix(s, ":") {
			continue
		}
		out = append(out, s)
	}
	return out
}

func classifyHeading(h string) int {
	switch {
	case strings.Contains(h, "主动公开"):
		return 1
	case strings.Contains(h, "依申请"):
		return 2
	case strings.Contains(h, "平台"):
		return 4
	case strings.Contains(h, "监督") || strings.Contains(h, "保障"):
		return 5
	case strings.Contains(h, "管理"):
		return 3
	}
	return 0
}
