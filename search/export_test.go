package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden")

// tinyDocs are three sections of two reports, one in traditional
// characters with full-width digits.
func tinyDocs() []Doc {
	return []Doc{
		{URL: "reports/2020/a/#s1", Title: "甲市人民政府 2020年", Agency: "甲市人民政府", Region: []string{"江苏省", "甲市"},
			Year: 2020, Level: "市级", Layout: "2019", Section: "一、总体情况", Order: 1,
			Text: "2020年，本机关主动公开规范性文件12件，依申请公开3件。"},
		{URL: "reports/2020/a/#s4", Title: "甲市人民政府 2020年", Agency: "甲市人民政府", Region: []string{"江苏省", "甲市"},
			Year: 2020, Level: "市级", Layout: "2019", Section: "四、政府信息公开行政复议、行政诉讼情况", Order: 4,
			Labels: []string{"行政复议", "行政诉讼"}},
		{URL: "reports/2021/b/#s1", Title: "乙區公所 2021年", Agency: "乙區公所", Region: []string{"台湾省"},
			Year: 2021, Level: "县级", Layout: "2021", Section: "一、總體情況", Order: 1,
			Text: "２０２１年，本所公開規範性檔案５件，複議１件。"},
	}
}

// TestExportGolden decodes every static file of a tiny index and compares
// the listing with testdata/export.golden (go test -update rewrites it).
func TestExportGolden(t *testing.T) {
	dir := t.TempDir()
	lay := defaultLayout
	lay.firstBlock = 1 // so that the listing shows later blocks and bounds
	lay.passage = 12   // and passages other than the first
	if _, err := build(t.Context(), tinyDocs(), dir, lay); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	var m Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	m.Build = "…"
	data, _ := json.MarshalIndent(m, "", " ")
	fmt.Fprintf(&out, "manifest.json\n%s\n", data)
	for s := 0; s < m.TermShards; s++ {
		fmt.Fprintf(&out, "\nt/%d.bin\n", s)
		dumpShard(t, &out, dir, mustRead(t, filepath.Join(dir, "t", fmt.Sprint(s)+".bin")), len(m.Fields))
	}
	for _, name := range []string{"f/0.json", "x/0.bin", "facets.json"} {
		fmt.Fprintf(&out, "\n%s\n%s\n", name, bytes.TrimSpace(mustRead(t, filepath.Join(dir, name))))
	}
	golden := filepath.Join("testdata", "export.golden")
	if *updateGolden {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := mustRead(t, golden)
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("export differs from %s (go test ./search -run ExportGolden -update rewrites it):\n%s", golden, out.String())
	}
}

// dumpShard lists a term shard as text: per term its document frequencies,
// and its postings block by block with the bound after each.
func dumpShard(t *testing.T, w *bytes.Buffer, dir string, b []byte, nfields int) {
	r := &byteReader{b: b}
	count := r.uv()
	for range count {
		term := string(r.take(int(r.uv())))
		fm := r.b[r.p]
		r.p++
		var dfs []string
		for f := 0; f < nfields; f++ {
			if fm&(1<<f) != 0 {
				dfs = append(dfs, fmt.Sprintf("%s:%d", Fields[f].Name, r.uv()))
			}
		}
		n, nb := r.uv(), r.uv()
		fmt.Fprintf(w, "%s df[%s] n=%d blocks=%d\n", term, strings.Join(dfs, " "), n, nb)
		multi := popcount(fm) > 1
		fmt.Fprintf(w, "  %s\n", dumpBlock(r, fm, multi, nb == 1, nfields))
		for i := 1; i < int(nb); i++ {
			pack, off, l := r.uv(), r.uv(), r.uv()
			data := mustRead(t, filepath.Join(dir, "p", fmt.Sprint(pack)+".bin"))
			br := &byteReader{b: data[off : off+l]}
			fmt.Fprintf(w, "  p/%d@%d: %s\n", pack, off, dumpBlock(br, fm, multi, i == int(nb)-1, nfields))
			if br.p != len(br.b) {
				t.Errorf("%s: block %d has %d bytes left", term, i, len(br.b)-br.p)
			}
		}
	}
	if r.p != len(b) {
		t.Errorf("shard has %d bytes left", len(b)-r.p)
	}
}

func dumpBlock(r *byteReader, fm byte, multi, last bool, nfields int) string {
	var parts []string
	stats := func() string {
		m := fm
		if multi {
			m = r.b[r.p]
			r.p++
		}
		var s []string
		for f := 0; f < nfields; f++ {
			if m&(1<<f) != 0 {
				s = append(s, fmt.Sprintf("%s %d/%d", Fields[f].Name, r.uv(), r.uv()))
			}
		}
		return strings.Join(s, ", ")
	}
	doc := uint64(0)
	for range r.uv() {
		doc += r.uv()
		m := fm
		if multi {
			m = r.b[r.p]
		}
		// The passage where a term of the text field first occurs: #doc@offset.
		st := stats()
		at := ""
		if m&(1<<textField) != 0 {
			at = fmt.Sprintf("@%d+%d", r.uv(), r.uv())
		}
		parts = append(parts, fmt.Sprintf("#%d%s (%s)", doc, at, st))
	}
	s := strings.Join(parts, " ")
	if !last {
		bd := r.uv()
		st := stats()
		v := math.Float64frombits(binary.LittleEndian.Uint64(r.take(8)))
		s += fmt.Sprintf(" | then #%d (%s), others ≤ %.6g", bd, st, v)
	}
	return s
}

type byteReader struct {
	b []byte
	p int
}

func (r *byteReader) uv() uint64 {
	v, n := binary.Uvarint(r.b[r.p:])
	r.p += n
	return v
}

func (r *byteReader) take(n int) []byte {
	r.p += n
	return r.b[r.p-n : r.p]
}

func popcount(b byte) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readJSON(t *testing.T, p string, v any) {
	t.Helper()
	if err := json.Unmarshal(mustRead(t, p), v); err != nil {
		t.Fatal(err)
	}
}

// TestExportMatchesBleve reads every term's postings back from the static
// files and wants exactly Bleve's: the same documents, frequencies and
// field lengths, for every field.
func TestExportMatchesBleve(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	docs := bundledDocs(t)
	lay := defaultLayout
	lay.firstBlock = 3
	if _, err := build(t.Context(), docs, dir, lay); err != nil {
		t.Fatal(err)
	}
	var m Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	// What the files say: term → field → doc → "tf/len".
	files := map[string]map[string]map[uint64]string{}
	for s := 0; s < m.TermShards; s++ {
		var w bytes.Buffer
		dumpShard(t, &w, dir, mustRead(t, filepath.Join(dir, "t", fmt.Sprint(s)+".bin")), len(m.Fields))
		var term string
		for _, line := range strings.Split(w.String(), "\n") {
			if line == "" {
				continue
			}
			if !strings.HasPrefix(line, "  ") {
				term = line[:strings.Index(line, " df[")]
				files[term] = map[string]map[uint64]string{}
				continue
			}
			if i := strings.Index(line, " | then"); i >= 0 {
				line = line[:i]
			}
			for _, p := range strings.Split(line, ") #") {
				var doc uint64
				p = strings.Trim(strings.TrimSpace(p[strings.Index(p, "#")+1:]), ")")
				fmt.Sscanf(p, "%d", &doc)
				for _, fs := range strings.Split(p[strings.Index(p, "(")+1:], ", ") {
					name, st, _ := strings.Cut(fs, " ")
					if files[term][name] == nil {
						files[term][name] = map[uint64]string{}
					}
					files[term][name][doc] = st
				}
			}
		}
	}
	// What Bleve says.
	idx, err := openIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	numbers, err := docNumbers(idx)
	if err != nil {
		t.Fatal(err)
	}
	ii, _ := idx.Advanced()
	r, _ := ii.Reader()
	defer r.Close()
	checked := 0
	for _, f := range Fields {
		fd, _ := r.FieldDict(f.Name)
		for {
			de, err := fd.Next()
			if err != nil || de == nil {
				break
			}
			tfr, _ := r.TermFieldReader(t.Context(), []byte(de.Term), f.Name, true, true, false)
			var got []string
			for {
				p, _ := tfr.Next(nil)
				if p == nil {
					break
				}
				ext, _ := r.ExternalID(p.ID)
				doc := numbers[ext]
				l, _ := lengthOf(p.Norm)
				got = append(got, fmt.Sprintf("%d:%d/%d", doc, p.Freq, l))
				checked++
			}
			tfr.Close()
			var want []string
			for doc, st := range files[de.Term][f.Name] {
				want = append(want, fmt.Sprintf("%d:%s", doc, st))
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s:%s: Bleve has %v, the files %v", f.Name, de.Term, got, want)
			}
			delete(files[de.Term], f.Name)
		}
		fd.Close()
	}
	for term, fs := range files {
		if len(fs) > 0 {
			t.Errorf("the files have %q in %v, Bleve not", term, fs)
		}
	}
	if checked < 1000 {
		t.Errorf("only %d postings checked", checked)
	}
}
