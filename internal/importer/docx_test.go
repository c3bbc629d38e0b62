package importer

import (
	"archive/zip"
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// makeDocx packs a document body as a minimal .docx: content types, the
// package relationships and word/document.xml.
func makeDocx(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, f := range []struct{ name, data string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `<w:sectPr/></w:body></w:document>`},
	} {
		w, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxLines converts a body and returns "place=line" joined by " | ".
func docxLines(t *testing.T, body string) string {
	t.Helper()
	c, err := docxToText(makeDocx(t, body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, l := range c.Lines {
		out = append(out, c.Places[i]+"="+l)
	}
	return strings.Join(out, " | ")
}

func p(runs ...string) string { return "<w:p>" + strings.Join(runs, "") + "</w:p>" }
func r(text string) string    { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

func TestDocxParagraphs(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"runs, tab, break, no-break space",
			p(r("一、"), `<w:r><w:tab/></w:r>`, r("总体情况")) + p(r("甲"), `<w:r><w:br/></w:r>`, r("乙\u00a0丙")),
			"paragraph 1=一、\t总体情况 | paragraph 2=甲 | paragraph 2=乙 丙"},
		{"bookmark and Word's properties",
			`<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>` + r("本年报依据") + `</w:p>`,
			"paragraph 1=本年报依据"},
		{"tracked changes: deleted text goes, inserted stays",
			p(`<w:del w:id="1" w:author="a"><w:r><w:delText>2019</w:delText></w:r></w:del><w:ins w:id="2" w:author="a">`+r("2020")+`</w:ins>`, r("年"),
				`<w:moveFrom w:id="3">`+r("旧")+`</w:moveFrom><w:moveTo w:id="4">`+r("新")+`</w:moveTo>`),
			"paragraph 1=2020年新"},
		{"field codes go, results stay",
			p(r("见"), `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`,
				r("门户网站"), `<w:r><w:fldChar w:fldCharType="end"/></w:r>`, `<w:fldSimple w:instr=" PAGE ">`+r("3")+`</w:fldSimple>`),
			"paragraph 1=见门户网站3"},
		{"content controls, hyperlinks, alternate content",
			`<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>` + p(`<w:hyperlink r:id="rId5" xmlns:r="r">`+r("链接")+`</w:hyperlink>`) + `</w:sdtContent></w:sdt>` +
				p(`<mc:AlternateContent><mc:Choice Requires="wps">`+r("框")+`</mc:Choice><mc:Fallback>`+r("框")+`</mc:Fallback></mc:AlternateContent>`),
			"paragraph 1=链接 | paragraph 2=框"},
		{"empty paragraphs keep their numbers", p() + p(r("　　")) + p(r("　　正文。")),
			"paragraph 3=正文。"},
		{"line breaks as characters", p(r("a&#13;b&#13;&#10;c")),
			"paragraph 1=a b  c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := docxLines(t, tc.body); got != tc.want {
				t.Errorf("\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// tc is a table cell with properties (gridSpan, vMerge …) and a text.
func tc(pr, text string) string {
	body := "<w:p/>"
	if text != "" {
		body = p(r(text))
	}
	return "<w:tc><w:tcPr>" + pr + "</w:tcPr>" + body + "</w:tc>"
}

func tbl(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="1"/></w:tblGrid><w:tr>` +
		strings.Join(rows, "</w:tr><w:tr>") + "</w:tr></w:tbl>"
}

func TestDocxTables(t *testing.T) {
	span := func(n string) string { return `<w:gridSpan w:val="` + n + `"/>` }
	restart, cont := `<w:vMerge w:val="restart"/>`, `<w:vMerge/>`
	for _, tcase := range []struct{ name, body, want string }{
		{"gridSpan and vMerge: merged cells written once",
			tbl(tc(restart, "三、本年度办理结果")+tc(span("2"), "（一）予以公开")+tc("", "10"),
				tc(cont, "")+tc(restart, "（三）不予公开")+tc("", "1.属于国家秘密")+tc("", "0"),
				tc(cont, "")+tc(cont, "")+tc("", "2.其他")+tc("", " 2 ")),
			"table 1, row 1, cell 1=三、本年度办理结果 | table 1, row 1, cell 2=（一）予以公开 | table 1, row 1, cell 3=10 | table 1, row 1, cell 1= | " +
				"table 1, row 2, cell 2=（三）不予公开 | table 1, row 2, cell 3=1.属于国家秘密 | table 1, row 2, cell 4=0 | table 1, row 2, cell 2= | " +
				"table 1, row 3, cell 3=2.其他 | table 1, row 3, cell 4=2 | table 1, row 3, cell 3="},
		{"a value spanning columns counted once; blanks in value columns",
			tbl(tc("", "行政事业性收费")+tc("", "0")+tc(span("2"), "0"), tc("", "政府集中采购")+tc("", "")+tc(span("2"), "83.82万元")),
			"table 1, row 1, cell 1=行政事业性收费 | table 1, row 1, cell 2=0 | table 1, row 1, cell 3=0 | table 1, row 1, cell 1= | " +
				"table 1, row 2, cell 1=政府集中采购 | table 1, row 2, cell 2=- | table 1, row 2, cell 3=83.82万元 | table 1, row 2, cell 1="},
		{"gridBefore, hMerge and a table nested in a cell",
			tbl(`<w:trPr><w:gridBefore w:val="1"/></w:trPr>`+tc("", "a")+tc(`<w:hMerge w:val="restart"/>`, "b")+tc(`<w:hMerge/>`, ""),
				tc("", "x")+tc("", "1")+tc("", "2")+`<w:tc>`+tbl(tc("", "内"), tc("", "表"))+`</w:tc>`),
			"table 1, row 1, cell 1=a | table 1, row 1, cell 2=b | table 1, row 1, cell 1= | " +
				"table 1, row 2, cell 1=x | table 1, row 2, cell 2=1 | table 1, row 2, cell 3=2 | table 1, row 2, cell 4=内表 | table 1, row 2, cell 1="},
		{"paragraphs and tables numbered apart",
			p(r("甲")) + tbl(tc("", "1")) + p(r("乙")) + tbl(tc("", "2")),
			"paragraph 1=甲 | table 1, row 1, cell 1=1 | table 1, row 1, cell 1= | paragraph 2=乙 | table 2, row 1, cell 1=2 | table 2, row 1, cell 1="},
	} {
		t.Run(tcase.name, func(t *testing.T) {
			if got := docxLines(t, tcase.body); got != tcase.want {
				t.Errorf("\n got %q\nwant %q", got, tcase.want)
			}
		})
	}
}

func TestDocxErrors(t *testing.T) {
	var noDoc bytes.Buffer
	z := zip.NewWriter(&noDoc)
	z.Create("word/other.xml")
	z.Close()
	wide := tbl(strings.Repeat(tc(`<w:gridSpan w:val="1000"/>`, "x"), 300))
	for name, src := range map[string][]byte{
		"not a zip":            []byte("PK\x03\x04 not really"),
		"no word/document.xml": noDoc.Bytes(),
		"malformed XML":        makeDocx(t, "<w:p><w:r><w:t>a</w:r></w:p>"),
		"cut off":              makeDocx(t, "<w:p><w:r><w:t>a")[:200],
		"a grid too large":     makeDocx(t, wide),
	} {
		if _, err := docxToText(src); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// FuzzDocxToText feeds document bodies (packed as a .docx) and, when raw
// is set, the bytes themselves as the file: no panic, no hang, one place
// per line.
func FuzzDocxToText(f *testing.F) {
	if b, err := os.ReadFile("testdata/docx/seed002.docx"); err == nil {
		f.Add(b, true)
	}
	f.Add([]byte(p(r("一、总体情况"))+tbl(tc(`<w:vMerge w:val="restart"/><w:gridSpan w:val="3"/>`, "a"), tc(`<w:vMerge/>`, ""))), false)
	f.Add([]byte(`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>x</w:t></w:r></w:p>`), false)
	f.Fuzz(func(t *testing.T, b []byte, raw bool) {
		src := b
		if !raw {
			src = makeDocx(t, string(b))
		}
		start := time.Now()
		c, err := docxToText(src)
		if d := time.Since(start); d > 2*time.Second && len(b) < 100_000 {
			t.Errorf("%d bytes took %v", len(b), d)
		}
		if err == nil {
			checkLines(t, c)
		}
	})
}
