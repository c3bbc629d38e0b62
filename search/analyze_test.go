package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"

	"sitegen/search/searchtest"
)

func TestQueryTerms(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"规范性文件", []string{"规范", "范性", "性文", "文件"}},
		{"規範性檔案", []string{"规范", "范性", "性文", "文件"}}, // Taiwan phrase 檔案 → 文件
		{"複議", []string{"复议"}},
		{"资讯", []string{"资讯"}},               // simplified: left alone
		{"資訊公開", []string{"信息", "息公", "公开"}}, // Taiwan 資訊 → 信息
		{"文件", []string{"文件"}},               // a Taiwan key that is also simplified text stays
		{"程式", []string{"程式"}},
		{"２０２０年", []string{"20", "02", "年"}}, // full-width digits
		{"ＰＤＦ文件", []string{"pd", "df", "文件"}},
		{"税", []string{"税"}}, // one ideograph
		{"稅", []string{"税"}},
		{"a 税 b", []string{"a", "税", "b"}},
		{"2021年度报告", []string{"20", "02", "21", "年度", "度报", "报告"}},
		{"公开公开", []string{"公开", "开公"}}, // each term once
		{"，。！？", nil},
		{"  ", nil},
		{"一二三四五六七八九十壹贰叁肆", []string{"一二", "二三", "三四", "四五", "五六", "六七", "七八", "八九", "九十", "十壹", "壹贰", "贰叁"}},
		{"Ｇｏｖ.CN", []string{"go", "ov", "cn"}},
		{"3940元", []string{"39", "94", "40", "元"}},
		{"〇", []string{"〇"}},
		{"𠀀𠀁", []string{"𠀀𠀁"}}, // beyond the BMP
	} {
		if got := QueryTerms(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("QueryTerms(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestAnalyze(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // terms, in any order
	}{
		{"2020年度", []string{"2", "20", "0", "02", "2", "20", "0", "年", "年度", "度"}},
		{"２０", []string{"2", "20", "0"}},
		{"复议", []string{"复", "复议", "议"}},
		// traditional text is indexed under every fold: 檔案 as 文件 (the
		// query fold) and as 档案 (t2s).
		{"檔案", []string{"文", "文件", "件", "档", "档案", "案"}},
		// Taiwan's 程式 is found by 程序 too (tw2sp).
		{"程式", []string{"程", "程式", "式", "程序", "序"}},
		// 乾 in 乾隆 is found by 干 (characters without phrases).
		{"乾隆", []string{"乾", "乾隆", "隆", "干", "干隆"}},
		{"ab DE", []string{"a", "ab", "b", "d", "de", "e"}},
	} {
		var got []string
		for _, tok := range Analyze(tc.text) {
			got = append(got, tok.Term)
			if tok.Start < 0 || tok.End > len(tc.text) || tok.Start >= tok.End {
				t.Errorf("Analyze(%q): %q at [%d, %d)", tc.text, tok.Term, tok.Start, tok.End)
			}
		}
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Analyze(%q) = %q, want %q", tc.text, got, want)
		}
	}
	// Offsets point into the original: 檔案 is [0, 6).
	for _, tok := range Analyze("的檔案") {
		if tok.Term == "文件" && (tok.Start != 3 || tok.End != 9) {
			t.Errorf("文件 at [%d, %d), want [3, 9)", tok.Start, tok.End)
		}
	}
}

// TestFoldIsOpenCC checks the reimplemented conversion against OpenCC's
// own, on the bundled reports and on their traditional (Taiwan) forms.
func TestFoldIsOpenCC(t *testing.T) {
	texts := corpusTexts(t)
	f := theFolds()
	for _, conf := range []struct {
		name  string
		chain []convStep
	}{{"tw2sp", f.index[2]}, {"t2s", f.index[1]}} {
		cc, err := opencc.New(conf.name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			want, err := cc.Convert(s)
			if err != nil {
				t.Fatal(err)
			}
			var got []rune
			rs := runesOf(s)
			for _, st := range conf.chain {
				rs = st.convert(rs)
			}
			for _, r := range rs {
				got = append(got, r.r)
			}
			if string(got) != want {
				t.Errorf("%s(%.40q…) differs from OpenCC", conf.name, s)
				break
			}
		}
	}
}

// corpusTexts are the bundled narratives, each also in traditional (Taiwan)
// characters.
func corpusTexts(t testing.TB) []string {
	t.Helper()
	s2twp, err := opencc.New("s2twp")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range bundledDocs(t) {
		for _, p := range strings.Split(d.Text, "\n") {
			if strings.TrimSpace(p) == "" {
				continue
			}
			tw, _ := s2twp.Convert(p)
			out = append(out, p, tw)
		}
	}
	return out
}

// TestClientAnalysis wants the client to cut every query as QueryTerms
// does: the bundled text in both scripts, sentence by sentence, and odd
// input.
func TestClientAnalysis(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	docs := bundledDocs(t)
	if _, err := Build(t.Context(), docs[:4], dir); err != nil {
		t.Fatal(err)
	}
	c, err := searchtest.New(dir, script)
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"ＳＱＬ隱碼攻擊", "標頭檔案", "乾隆年間", "𠀀𠀁 a", "\uFFFD\u3000x", "Ａ１２", "程式設計師"}
	for i, s := range corpusTexts(t) {
		if i%2 == 0 && i%4 != 0 {
			continue // half the simplified texts: their traditional forms test more
		}
		for _, q := range strings.FieldsFunc(s, func(r rune) bool { return r == '。' || r == '，' }) {
			if utf8.RuneCountInString(q) > 40 {
				q = string([]rune(q)[:40])
			}
			queries = append(queries, q)
		}
	}
	for _, q := range queries {
		got, err := c.Analyse(q)
		if err != nil {
			t.Fatal(err)
		}
		if want := QueryTerms(q); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("client analyses %q as %q, QueryTerms as %q", q, got, want)
		}
	}
}

// FuzzAnalyze: any text is cut into well-formed terms, and a query finds
// the same text indexed (its terms are among the text's).
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"规范性文件", "規範性檔案", "２０２０年度ＰＤＦ", "SQL隱碼攻擊", "乾隆", "\xff\xfe", "a\u3000b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		index := map[string]bool{}
		for _, tok := range Analyze(s) {
			if tok.Term == "" || !utf8.ValidString(tok.Term) || tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End {
				t.Fatalf("Analyze(%q): bad token %+v", s, tok)
			}
			index[tok.Term] = true
		}
		terms := QueryTerms(s)
		if len(terms) > MaxQueryTerms {
			t.Fatalf("QueryTerms(%q): %d terms", s, len(terms))
		}
		for _, q := range terms {
			if !index[q] {
				t.Fatalf("QueryTerms(%q) has %q, which Analyze does not index", s, q)
			}
		}
	})
}
