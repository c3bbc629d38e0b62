package corpusgen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"sitegen/internal/report"
)

// content is the bundled content the narrative sentences come from.
const content = "../../content"

// corpus is a generated corpus, loaded and checked as `sitegen check` does.
type corpus struct {
	dir      string
	res      *Result
	site     *report.Site
	findings []report.Finding
	defects  map[string]Defect // by file under dir
}

func generate(t *testing.T, o Options) *corpus {
	t.Helper()
	if o.Out == "" {
		o.Out = t.TempDir()
	}
	if o.From == "" {
		o.From = content
	}
	res, err := Generate(context.Background(), o)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", o, err)
	}
	site, findings, err := report.Load(os.DirFS(o.Out), "")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	c := &corpus{dir: o.Out, res: res, site: site, findings: findings, defects: map[string]Defect{}}
	for _, d := range res.Defects {
		c.defects[d.File] = d
	}
	return c
}

// shared is the corpus most tests look at: 300 reports with the default
// shares. It is generated once, into a directory of its own.
var (
	sharedOnce sync.Once
	sharedC    *corpus
	sharedErr  error
)

func shared(t *testing.T) *corpus {
	t.Helper()
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "corpusgen-test-")
		if err != nil {
			sharedErr = err
			return
		}
		res, err := Generate(context.Background(), Options{N: 300, Seed: 7, Out: dir, Defects: 0.05, Traditional: 0.2, From: content})
		if err != nil {
			sharedErr = err
			return
		}
		site, findings, err := report.Load(os.DirFS(dir), "")
		if err != nil {
			sharedErr = err
			return
		}
		sharedC = &corpus{dir: dir, res: res, site: site, findings: findings, defects: map[string]Defect{}}
		for _, d := range res.Defects {
			sharedC.defects[d.File] = d
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedC
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedC != nil {
		os.RemoveAll(sharedC.dir)
	}
	os.Exit(code)
}

// digest hashes every file under dir with its path.
func digest(t *testing.T, dir string) (string, int) {
	t.Helper()
	h := sha256.New()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil)), n
}

func TestDeterministic(t *testing.T) {
	base := Options{N: 150, Seed: 1, Defects: 0.1, Traditional: 0.3, Workers: 2}
	with := func(f func(*Options)) Options { o := base; f(&o); return o }
	tests := []struct {
		name string
		a, b Options
		same bool
	}{
		{"same flags", base, base, true},
		{"one worker or two", with(func(o *Options) { o.Workers = 1 }), base, true},
		{"another seed", base, with(func(o *Options) { o.Seed = 2 }), false},
		{"another defect share", base, with(func(o *Options) { o.Defects = 0.2 }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := generate(t, tt.a), generate(t, tt.b)
			da, na := digest(t, a.dir)
			db, nb := digest(t, b.dir)
			if (da == db) != tt.same {
				t.Errorf("digests %s (%d files) and %s (%d files): same = %t, want %t", da[:12], na, db[:12], nb, da == db, tt.same)
			}
		})
	}
}

func TestExactlyN(t *testing.T) {
	for _, n := range []int{1, 2, 11, 257} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			c := generate(t, Options{N: n, Seed: uint64(n), Defects: 0.05, Traditional: 0.2})
			files, _ := filepath.Glob(filepath.Join(c.dir, "reports", "*", "*.md"))
			agencies, _ := filepath.Glob(filepath.Join(c.dir, "agencies", "*.yaml"))
			if len(files) != n || len(c.site.Reports) != n || c.res.Reports != n {
				t.Errorf("%d report files, %d loaded, result says %d; want %d", len(files), len(c.site.Reports), c.res.Reports, n)
			}
			if len(agencies) != c.res.Agencies || len(c.site.Agencies) != c.res.Agencies {
				t.Errorf("%d agency files, %d loaded; result says %d", len(agencies), len(c.site.Agencies), c.res.Agencies)
			}
		})
	}
}

// TestValid checks the corpus as `sitegen check` does: no error that is not
// recorded, no finding in a report without a defect, and each defect shown
// by a finding of its rule.
func TestValid(t *testing.T) {
	c := shared(t)
	byFile := map[string][]report.Finding{}
	for _, f := range c.findings {
		if f.Blocking() {
			t.Errorf("unrecorded error: %v", f)
		}
		if f.Rule == "K1" {
			t.Errorf("known defect that matches nothing: %v", f)
		}
		if f.Severity == report.Error && !strings.ContainsFunc(f.Recorded, func(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }) {
			t.Errorf("recorded reason is not in Chinese: %v", f)
		}
		byFile[f.File] = append(byFile[f.File], f)
	}
	for file, fs := range byFile {
		if _, ok := c.defects[file]; !ok {
			t.Errorf("%s has findings but no defect was given to it: %v", file, fs[0])
		}
	}
	for file, d := range c.defects {
		shown := false
		for _, f := range byFile[file] {
			shown = shown || slices.Contains(d.Rules, f.Rule)
		}
		if !shown {
			t.Errorf("%s: defect %s (%v) shows no finding of its rule; findings: %v", file, d.Kind, d.Rules, byFile[file])
		}
	}
	if len(c.defects) == 0 {
		t.Error("no defects in the corpus")
	}
}

func TestDefectShare(t *testing.T) {
	for _, share := range []float64{0, 0.05, 0.25} {
		t.Run(fmt.Sprint(share), func(t *testing.T) {
			const n = 200
			c := generate(t, Options{N: n, Seed: 3, Defects: share, Traditional: 0.2})
			want := int(math.Round(share * n))
			if len(c.res.Defects) != want {
				t.Errorf("%d defects, want %d", len(c.res.Defects), want)
			}
			withFindings := map[string]bool{}
			for _, f := range c.findings {
				withFindings[f.File] = true
				if f.Blocking() {
					t.Errorf("unrecorded error: %v", f)
				}
			}
			if len(withFindings) != want {
				t.Errorf("%d reports with findings, want %d", len(withFindings), want)
			}
			recorded := 0
			for _, r := range c.site.Reports {
				if len(r.Defects) > 0 {
					recorded++
					if _, ok := c.defects[r.File]; !ok {
						t.Errorf("%s records a defect it was not given", r.File)
					}
				}
			}
			if want > 0 && recorded == 0 {
				t.Error("no report records a defect")
			}
		})
	}
}

// hantOnly are characters only the traditional script has, common in the
// narratives.
const hantOnly = "開發務資報們個關請辦條與為於實際"

func TestTraditionalShare(t *testing.T) {
	for _, share := range []float64{0, 0.2, 1} {
		t.Run(fmt.Sprint(share), func(t *testing.T) {
			const n = 120
			c := generate(t, Options{N: n, Seed: 5, Defects: 0.05, Traditional: share})
			if want := int(math.Round(share * n)); len(c.res.Traditional) != want {
				t.Errorf("%d traditional reports, want %d", len(c.res.Traditional), want)
			}
			hant := map[string]bool{}
			for _, f := range c.res.Traditional {
				hant[f] = true
			}
			for _, r := range c.site.Reports {
				var body strings.Builder
				for _, s := range r.Sections {
					body.WriteString(s.Body)
				}
				inTitle := strings.Contains(r.Title, "報告")
				inBody := strings.Count(body.String(), "資訊")+strings.Count(body.String(), "開") > 3
				if inTitle != hant[r.File] || inBody != hant[r.File] {
					t.Errorf("%s: traditional title %t, narrative %t; listed as traditional %t", r.File, inTitle, inBody, hant[r.File])
				}
				if !hant[r.File] && strings.ContainsAny(body.String(), hantOnly) {
					i := strings.IndexAny(body.String(), hantOnly)
					t.Errorf("%s: simplified narrative with traditional characters: …%s…", r.File, body.String()[max(0, i-30):min(body.Len(), i+30)])
				}
			}
		})
	}
}

// byAgency lists the reports of each agency by year.
func byAgency(site *report.Site) map[string][]*report.Report {
	out := map[string][]*report.Report{}
	for _, r := range site.Reports {
		out[r.Agency] = append(out[r.Agency], r)
	}
	for _, rs := range out {
		slices.SortFunc(rs, func(a, b *report.Report) int { return a.Year - b.Year })
	}
	return out
}

func TestYearsConsecutive(t *testing.T) {
	c := shared(t)
	for key, rs := range byAgency(c.site) {
		for i, r := range rs {
			if r.Year < FirstYear || r.Year > LastYear {
				t.Errorf("%s: year %d outside %d–%d", r.File, r.Year, FirstYear, LastYear)
			}
			if i > 0 && r.Year != rs[i-1].Year+1 {
				t.Errorf("%s: years %d then %d", key, rs[i-1].Year, r.Year)
			}
			want := report.DefaultLayout(r.Year)
			if r.Table2.Layout != want || r.Table3.Layout != want {
				t.Errorf("%s: layouts %s/%s, want %s", r.File, r.Table2.Layout, r.Table3.Layout, want)
			}
		}
	}
}

func TestCarryOver(t *testing.T) {
	c := shared(t)
	checked := map[string]int{}
	for _, rs := range byAgency(c.site) {
		for i := 1; i < len(rs); i++ {
			prev, r := rs[i-1], rs[i]
			kind := c.defects[r.File].Kind
			if kind != "carry-in" {
				for col, name := range report.Table3Columns {
					was, now := prev.Table3.Get(report.RowCarryOut, col), r.Table3.Get(report.RowCarriedIn, col)
					if was.Value != now.Value {
						t.Errorf("%s: 上年结转 %s = %v, last year's 结转下年度 %v", r.File, name, now.Value, was.Value)
					}
				}
				checked["Y1"]++
			}
			if r.Table2.Layout != prev.Table2.Layout || kind == "valid-count" || kind == "item-count" || kind == "blank-cell" || c.defects[prev.File].Kind == "blank-cell" {
				continue
			}
			if r.Table2.Layout == report.Layout2021 {
				for _, row := range []string{"规章", "行政规范性文件"} {
					was := prev.Table2.Get(row, "现行有效件数").Value
					made, gone, now := r.Table2.Get(row, "本年制发件数").Value, r.Table2.Get(row, "本年废止件数").Value, r.Table2.Get(row, "现行有效件数").Value
					if now != was+made-gone {
						t.Errorf("%s: %s 现行有效件数 %v, want %v + %v − %v", r.File, row, now, was, made, gone)
					}
				}
				checked["Y2"]++
				continue
			}
			for _, row := range rows2019Items {
				base, delta := prev.Table2.Get(row.label, "上一年项目数量").Value, prev.Table2.Get(row.label, "本年增/减").Value
				if now := r.Table2.Get(row.label, "上一年项目数量").Value; now != base+delta {
					t.Errorf("%s: %s 上一年项目数量 %v, want %v %+v", r.File, row.label, now, base, delta)
				}
			}
			checked["Y3"]++
		}
	}
	for _, rule := range []string{"Y1", "Y2", "Y3"} {
		if checked[rule] == 0 {
			t.Errorf("no consecutive reports to check %s on", rule)
		}
	}
}

func TestNarrativeSize(t *testing.T) {
	c := shared(t)
	for _, r := range c.site.Reports {
		size := 0
		for _, s := range r.Sections {
			size += len(s.Body)
		}
		lo, hi := 3000, 9000
		if k := c.defects[r.File].Kind; k == "missing-section" || k == "truncated" {
			lo = 1000 // the sections left out are missing from the size
		}
		if size < lo || size > hi {
			t.Errorf("%s: %d bytes of narrative, want %d–%d", r.File, size, lo, hi)
		}
		for _, num := range []string{"一", "五", "六"} {
			if r.Section(num) == nil && c.defects[r.File].Kind == "" {
				t.Errorf("%s: no section %s", r.File, num)
			}
		}
	}
}

// TestNarrativeNames checks that the names of the source agencies were
// replaced: no generated report names a bundled agency or its places.
func TestNarrativeNames(t *testing.T) {
	c := shared(t)
	src, _, err := report.Load(os.DirFS(content), content)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range src.Agencies {
		if a.Name != "" {
			names = append(names, a.Name)
		}
	}
	names = append(names, "淮安", "洪泽", "淮北", "增城", "浦口", "嵊州", "德惠", "四平")
	for _, r := range c.site.Reports {
		for _, s := range r.Sections {
			for _, n := range names {
				if strings.Contains(s.Body, n) && !strings.Contains(c.site.Agency(r).Name, n) {
					t.Errorf("%s: section %q still names %s", r.File, s.Num, n)
				}
			}
		}
		if !strings.Contains(r.Section("一").Body, fmt.Sprint(r.Year)) {
			t.Errorf("%s: section 一 does not name the year %d", r.File, r.Year)
		}
	}
}

func TestAgencies(t *testing.T) {
	c := shared(t)
	provinceNames := map[string]bool{}
	for _, p := range provinces {
		provinceNames[p.Name] = true
	}
	if len(provinceNames) != 31 {
		t.Errorf("%d province-level divisions, want 31", len(provinceNames))
	}
	levels := map[string]int{}
	for key, a := range c.site.Agencies {
		levels[a.Level]++
		if !slices.Contains(report.Levels, a.Level) {
			t.Errorf("%s: level %q", key, a.Level)
		}
		if !provinceNames[a.Region.Province] {
			t.Errorf("%s: province %q", key, a.Region.Province)
		}
		if a.Parent == "" && !(a.Level == "省级" && strings.HasSuffix(a.Name, "人民政府")) {
			t.Errorf("%s: no parent", key)
		}
		if report.Slug(a.Name) != key {
			t.Errorf("%s: key is not the slug of %s", key, a.Name)
		}
	}
	for _, l := range []string{"省级", "市级", "县级", "乡级"} {
		if levels[l] == 0 {
			t.Errorf("no agency of level %s", l)
		}
	}
}

func TestOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.txt")
	stale := filepath.Join(dir, "agencies", "stale.yaml")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{keep, stale} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o := Options{N: 5, Seed: 1, Out: dir, From: content}
	if _, err := Generate(context.Background(), o); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("Generate into a non-empty directory: err = %v, want a refusal", err)
	}
	if _, err := os.Stat(stale); err != nil {
		t.Fatalf("the refused run touched the directory: %v", err)
	}
	o.Force = true
	if _, err := Generate(context.Background(), o); err != nil {
		t.Fatalf("Generate with Force: %v", err)
	}
	if b, err := os.ReadFile(keep); err != nil || !bytes.Equal(b, []byte("x")) {
		t.Errorf("Force replaced a file outside agencies/ and reports/: %v", err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("Force kept a stale agency record")
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []Options{
		{N: 0, Out: "x", From: content},
		{N: 5, Out: "x", From: content, Defects: 1.5},
		{N: 5, Out: "x", From: content, Traditional: -0.1},
		{N: 5, From: content},
		{N: 5, Out: t.TempDir(), From: t.TempDir()},
	} {
		if _, err := Generate(context.Background(), o); err == nil {
			t.Errorf("Generate(%+v): no error", o)
		}
	}
}
