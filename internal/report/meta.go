package report

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// Top-level keys of a report's front matter, in the order a file lists them.
var frontMatterKeys = []string{"agency", "year", "title", "published", "source", "known_defects",
	"allow_html", "notes", "table2", "table3", "table4"}

// MinYear and MaxYear bound a report year: the current disclosure
// regulation's reports start with 2008.
const (
	MinYear = 2008
	MaxYear = 2100
)

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func (p *fmParser) metadata(pairs []pair) {
	r := p.r
	got := map[string]bool{}
	// The tables are read last: the layout of a table without labels of
	// either layout is the report year's, wherever year: is written.
	pairs = append(slices.DeleteFunc(slices.Clone(pairs), isTableKey), slices.DeleteFunc(slices.Clone(pairs), func(kv pair) bool { return !isTableKey(kv) })...)
	for _, kv := range pairs {
		r.pos[kv.key] = kv.keyPos
		got[kv.key] = true
		switch kv.key {
		case "agency":
			r.Agency = p.str(kv.value, kv.key)
			if r.Agency != "" && Slug(r.Agency) != r.Agency {
				p.d.errorf("F4", p.pos(kv.value), "agency", "the key of a record in content/agencies/ (lowercase pinyin, e.g. "+Slug("淮北市人民政府")+")",
					"agency %q is not a record key", r.Agency)
			}
		case "year":
			s := p.str(kv.value, kv.key)
			y, err := strconv.Atoi(s)
			if err != nil || y < MinYear || y > MaxYear {
				p.d.errorf("F4", p.pos(kv.value), "year", "a year between 2008 and 2100", "year %q is not a report year", s)
				continue
			}
			r.Year = y
		case "title":
			r.Title = p.str(kv.value, kv.key)
		case "published":
			r.Published = p.str(kv.value, kv.key)
			if r.Published != "" && !dateRE.MatchString(r.Published) {
				p.d.errorf("F2", p.pos(kv.value), "published", "a date YYYY-MM-DD, or null when unknown", "published %q is not a date", r.Published)
				r.Published = ""
			}
		case "source":
			src, _ := p.mapping(kv.value, "source")
			for _, s := range src {
				switch s.key {
				case "url":
					r.Source.URL = p.str(s.value, "source.url")
				case "note":
					r.Source.Note = p.str(s.value, "source.note")
				default:
					p.d.errorf("F4", s.keyPos, "source."+s.key, "url or note", "unknown key source.%s", s.key)
				}
			}
		case "known_defects":
			p.defects(kv.value)
		case "allow_html":
			switch p.str(kv.value, kv.key) {
			case "true":
				r.AllowHTML = true
			case "false", "":
			default:
				p.d.errorf("F2", p.pos(kv.value), "allow_html", "true or false", "allow_html is not true or false")
			}
		case "notes":
			r.Notes = p.str(kv.value, kv.key)
		case "table2":
			r.Table2 = p.table2(kv)
		case "table3":
			r.Table3 = p.table3(kv)
		case "table4":
			r.Table4 = p.table4(kv)
		default:
			p.d.errorf("F4", kv.keyPos, kv.key, "one of "+strings.Join(frontMatterKeys, ", "), "unknown key %q", kv.key)
		}
	}
	for _, k := range []string{"agency", "year"} {
		if !got[k] {
			p.d.errorf("F4", Pos{1, 1}, k, k+": in the front matter", "%s is missing", k)
		}
	}
}

func isTableKey(kv pair) bool { return kv.key == "table2" || kv.key == "table3" || kv.key == "table4" }

func (p *fmParser) defects(n ast.Node) {
	seq, ok := unwrap(n).(*ast.SequenceNode)
	if !ok {
		if _, null := unwrap(n).(*ast.NullNode); !null {
			p.d.errorf("F2", p.pos(n), "known_defects", "a list of {rule, at, reason}", "known_defects is %s", nodeKind(n))
		}
		return
	}
	for _, item := range seq.Values {
		kvs, ok := p.mapping(item, "known_defects")
		if !ok {
			continue
		}
		k := KnownDefect{Pos: p.pos(item)}
		for _, kv := range kvs {
			switch kv.key {
			case "rule":
				k.Rule = p.str(kv.value, "known_defects.rule")
			case "at":
				k.At = p.str(kv.value, "known_defects.at")
			case "reason":
				k.Reason = p.str(kv.value, "known_defects.reason")
			default:
				p.d.errorf("F4", kv.keyPos, "known_defects."+kv.key, "rule, at or reason", "unknown key %q in known_defects", kv.key)
			}
		}
		if k.Rule == "" || k.Reason == "" {
			p.d.errorf("F4", k.Pos, "known_defects", "a rule and a reason", "a known_defects entry needs both rule and reason")
			continue
		}
		p.r.Defects = append(p.r.Defects, k)
	}
}
