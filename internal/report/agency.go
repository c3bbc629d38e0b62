package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

var agencyKeys = []string{"name", "aliases", "description", "region", "level", "parent", "website"}

// ParseAgency reads an agency record (content/agencies/<key>.yaml).
func ParseAgency(file, key string, src []byte) (*Agency, []Finding) {
	d := &diags{file: file}
	a := &Agency{Key: key, File: file}
	if Slug(key) != key {
		d.errorf("F4", Pos{1, 1}, "", "a file name in lowercase pinyin such as "+Slug("淮安市人民政府")+".yaml", "agency key %q is not a slug", key)
	}
	if len(src) > MaxFrontMatterSize {
		d.errorf("F1", Pos{1, 1}, "", fmt.Sprintf("a record of at most %d KB (name, region, level, parent, website)", MaxFrontMatterSize>>10),
			"agency record is larger than %d KB", MaxFrontMatterSize>>10)
		return nil, d.list
	}
	if !textFile(d, src) {
		return nil, d.list
	}
	src = normalizeText(src)
	p := &fmParser{d: d, r: &Report{pos: map[string]Pos{}, broken: map[string]bool{}}, root: "the agency record"}
	f, ok := p.parseYAML(src)
	if !ok {
		return nil, d.list
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		d.errorf("F4", Pos{1, 1}, "", "name, region and level", "agency record is empty")
		return nil, d.list
	}
	if bad := findAlias(f.Docs[0].Body); bad != nil {
		d.errorf("F2", p.pos(bad), "", "plain values", "anchors and aliases are not allowed in content files")
		return nil, d.list
	}
	pairs, ok := p.mapping(f.Docs[0].Body, "")
	if !ok {
		return nil, d.list
	}
	levelPos := Pos{1, 1}
	for _, kv := range pairs {
		switch kv.key {
		case "name":
			a.Name = p.str(kv.value, "name")
		case "aliases":
			a.Aliases = p.strList(kv.value, "aliases")
		case "description":
			a.Description = p.str(kv.value, "description")
		case "region":
			sub, _ := p.mapping(kv.value, "region")
			for _, s := range sub {
				v := p.str(s.value, "region."+s.key)
				switch s.key {
				case "province":
					a.Region.Province = v
				case "city":
					a.Region.City = v
				case "district":
					a.Region.District = v
				default:
					p.d.errorf("F4", s.keyPos, "region."+s.key, "province, city or district", "unknown key region.%s", s.key)
				}
			}
		case "level":
			a.Level = p.str(kv.value, "level")
			levelPos = p.pos(kv.value)
		case "parent":
			a.Parent = p.str(kv.value, "parent")
		case "website":
			a.Website = p.str(kv.value, "website")
			if a.Website != "" && !strings.HasPrefix(a.Website, "https://") && !strings.HasPrefix(a.Website, "http://") {
				p.d.errorf("F2", p.pos(kv.value), "website", "an http(s):// address", "website %q is not a web address", a.Website)
				a.Website = ""
			}
		default:
			p.d.errorf("F4", kv.keyPos, kv.key, "one of "+strings.Join(agencyKeys, ", "), "unknown key %q", kv.key)
		}
	}
	if a.Name == "" && a.Description == "" {
		d.errorf("F4", Pos{1, 1}, "name", "a name, or a description when no source names the agency", "agency has neither name nor description")
	}
	if a.Level != "" && !slices.Contains(Levels, a.Level) {
		d.errorf("F2", levelPos, "level", "one of "+strings.Join(Levels, ", "), "unknown level %q", a.Level)
	}
	return a, d.list
}

func (p *fmParser) strList(n ast.Node, path string) []string {
	seq, ok := unwrap(n).(*ast.SequenceNode)
	if !ok {
		if s := p.str(n, path); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for _, v := range seq.Values {
		if s := p.str(v, path); s != "" {
			out = append(out, s)
		}
	}
	return out
}
