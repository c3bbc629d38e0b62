package report_test

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"unicode/utf8"

	"sitegen/internal/report"
)

// seedFiles returns every file of the bundled content and of the broken
// corpus whose name ends in ext.
func seedFiles(f *testing.F, ext string) [][]byte {
	var out [][]byte
	for _, root := range []string{"../../content", "testdata/broken"} {
		err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ext) {
				return err
			}
			b, err := os.ReadFile(path.Join(root, p))
			out = append(out, b)
			return err
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	if len(out) == 0 {
		f.Fatalf("no %s seed files", ext)
	}
	return out
}

// checkWellFormed asserts the invariants of every finding: a rule, a
// severity, a message, and a position inside the file.
func checkWellFormed(t *testing.T, file string, data []byte, fs []report.Finding) {
	// Lines as YAML and editors count them: \n, \r\n and a lone \r each end one.
	lines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") + strings.Count(string(data), "\r") - strings.Count(string(data), "\r\n") + 1
	for _, f := range fs {
		if f.Rule == "" || f.Message == "" || f.File != file {
			t.Errorf("malformed finding %#v", f)
		}
		if f.Severity != report.Error && f.Severity != report.Warning {
			t.Errorf("bad severity %q: %s", f.Severity, f)
		}
		if f.Line < 1 || f.Col < 1 {
			t.Errorf("position %d:%d not 1-based: %s", f.Line, f.Col, f)
		}
		if f.Line > lines {
			t.Errorf("line %d beyond the %d lines of the file: %s", f.Line, lines, f)
		}
		if f.Recorded != "" && f.Severity != report.Error {
			t.Errorf("recorded warning: %s", f)
		}
		if !utf8.ValidString(f.String()) && utf8.Valid(data) {
			t.Errorf("finding is not valid UTF-8: %q", f.String())
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, b := range seedFiles(f, "") {
		f.Add(b)
	}
	f.Add([]byte(base2019))
	f.Add([]byte(base2021))
	// Small inputs the mutator can get far with.
	for _, s := range []string{
		"---\nagency: a\nyear: 2020\ntable3:\n  （七）总计: [1, 0, 0, 0, 0, 0, 1]\n  三、本年度办理结果:\n    （六）其他处理: {自然人: 1, 总计: 1}\n---\n## 一、总体情况\n办结1件\n",
		"---\nyear: 2021\ntable2:\n  规章: {本年制发件数: 1, 采购总金额: 1 亿元}\n  extra: {x: 2 元}\ntable4:\n  行政诉讼: {复议后起诉: [1, 2, 3, 4, 10]}\n---\n",
		"---\nknown_defects: [{rule: C1, at: table4, reason: x}]\ntable4: {行政复议: [1, ~, -, 0.5, 2]}\n---\n## 六、其他需要报告的事项\n## 五、存在的主要问题及改进情况\n```\n## 一、总体情况\n```\n",
		"---\n---\n", "---\n", "", "\xef\xbb\xbf---\r\nyear: 2020\r\n---\r\n",
		"---\n? [a, b]\n: !!str 1\ntable2: !!map {规章: {? x}}\ntable3: {一、本年新收政府信息公开申请数量: |\n    1\n}\nyear: 2020\n...\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, fs := report.Check("f.md", data)
		checkWellFormed(t, "f.md", data, fs)
		if r != nil {
			_ = r.Layout()
		}
	})
}

func FuzzParseAgency(f *testing.F) {
	for _, b := range seedFiles(f, ".yaml") {
		f.Add(b)
	}
	f.Add([]byte(agencyYAML))
	f.Add([]byte("name: ~\ndescription: x\naliases: a\nregion: {province: p, town: t}\nlevel: 乡级\nwebsite: http://x\n"))
	f.Add([]byte("- a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, fs := report.ParseAgency("a.yaml", "ce-shi-ju", data)
		checkWellFormed(t, "a.yaml", data, fs)
		if a != nil {
			_ = a.DisplayName()
		}
	})
}
