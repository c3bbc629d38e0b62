package search

import (
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"

	"sitegen/internal/report"
)

// bundledDocs makes documents of the bundled reports, one per section, as
// the build does (internal/build/search.go has the build's own).
func bundledDocs(t testing.TB) []Doc {
	t.Helper()
	site, _, err := report.Load(os.DirFS(filepath.Join("..", "content")), "content")
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	for _, r := range site.Reports {
		a := site.Agency(r)
		if a == nil {
			continue
		}
		base := Doc{Title: a.DisplayName() + " " + strconv.Itoa(r.Year) + "年",
			Agency: strings.Join(append([]string{a.DisplayName()}, a.Aliases...), "\n"),
			Region: a.Region.Path(), Year: r.Year, Level: a.Level, Layout: r.Layout()}
		path := "reports/" + strconv.Itoa(r.Year) + "/" + r.Agency + "/"
		for i, def := range report.Sections {
			d := base
			d.URL, d.Order, d.Section = path+"#s"+strconv.Itoa(i+1), i+1, def.Heading()
			if s := r.Section(def.Num); s != nil {
				if s.Title != "" {
					d.Section = s.Title
				}
				d.Text = s.Body
			} else if def.Table == 0 {
				continue
			}
			switch def.Table {
			case 2:
				for _, row := range report.Table2Rows[report.DefaultLayout(r.Year)] {
					d.Labels = append(d.Labels, row.Label)
				}
			case 3:
				for _, row := range report.Table3Rows[report.DefaultLayout(r.Year)] {
					d.Labels = append(d.Labels, row.Label)
				}
				d.Labels = append(d.Labels, report.Table3Columns...)
			case 4:
				d.Labels = append(append([]string{"行政复议", "行政诉讼"}, report.Table4Groups[1:]...), report.Table4Columns...)
			}
			docs = append(docs, d)
		}
	}
	return docs
}

// sentences returns the sentences of the bundled narratives, by section
// number, and the agencies' names and regions.
func sentences(t testing.TB) (map[int][]string, []Doc) {
	t.Helper()
	docs := bundledDocs(t)
	out := map[int][]string{}
	for _, d := range docs {
		for _, s := range strings.FieldsFunc(d.Text, func(r rune) bool { return r == '。' || r == '\n' || r == '；' }) {
			if s = strings.TrimSpace(s); len([]rune(s)) >= 4 {
				out[d.Order] = append(out[d.Order], s+"。")
			}
		}
	}
	return out, docs
}

var provinces = []string{"北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
	"浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市",
	"四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"}

var agencyKinds = []string{"人民政府", "人民政府办公室", "财政局", "教育局", "公安局", "自然资源局", "生态环境局", "卫生健康委员会",
	"市场监督管理局", "住房和城乡建设局", "交通运输局", "农业农村局", "民政局", "司法局", "审计局", "统计局", "医疗保障局"}

// synthDocs makes the documents of n reports from the bundled narratives:
// agencies across provinces, cities and districts, years 2015–2024, each
// section's text a random choice of the bundled sentences of that section,
// and one report in trad converted to traditional (Taiwan) characters.
func synthDocs(t testing.TB, n int, seed int64, trad int) []Doc {
	docs, _ := synthDocsSource(t, n, seed, trad)
	return docs
}

// synthDocsSource is synthDocs and the simplified text of each document
// before conversion.
func synthDocsSource(t testing.TB, n int, seed int64, trad int) ([]Doc, []string) {
	t.Helper()
	sents, _ := sentences(t)
	rng := rand.New(rand.NewSource(seed))
	s2twp, err := opencc.New("s2twp")
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	var source []string
	agencies := max(1, n/3)
	for i := 0; i < n; i++ {
		a := rng.Intn(agencies)
		ar := rand.New(rand.NewSource(int64(a) + seed*7919))
		prov := provinces[ar.Intn(len(provinces))]
		city := "第" + strconv.Itoa(ar.Intn(12)+1) + "市"
		region := []string{prov, city}
		level := "市级"
		if ar.Intn(2) == 0 {
			region = append(region, "第"+strconv.Itoa(ar.Intn(9)+1)+"区")
			level = "县级"
		}
		name := strings.Join(region[1:], "") + agencyKinds[ar.Intn(len(agencyKinds))]
		year := 2015 + rng.Intn(10)
		layout := "2019"
		if year >= 2021 {
			layout = "2021"
		}
		key := "agency-" + strconv.Itoa(a)
		base := Doc{Title: name + " " + strconv.Itoa(year) + "年", Agency: name, Region: region, Year: year,
			Level: level, Layout: layout}
		path := "reports/" + strconv.Itoa(year) + "/" + key + "-" + strconv.Itoa(i) + "/"
		convert := trad > 0 && i%trad == 0
		for si, def := range report.Sections {
			d := base
			d.URL, d.Order, d.Section = path+"#s"+strconv.Itoa(si+1), si+1, def.Heading()
			pool := sents[si+1]
			if len(pool) == 0 {
				pool = sents[1]
			}
			k := 1 + rng.Intn(4)
			if def.Table == 0 {
				k = 3 + rng.Intn(12)
			}
			var b strings.Builder
			for j := 0; j < k; j++ {
				b.WriteString(pool[rng.Intn(len(pool))])
			}
			d.Text = b.String()
			switch def.Table {
			case 2:
				for _, row := range report.Table2Rows[report.Layout(layout)] {
					d.Labels = append(d.Labels, row.Label)
				}
			case 3:
				for _, row := range report.Table3Rows[report.Layout(layout)] {
					d.Labels = append(d.Labels, row.Label)
				}
			case 4:
				d.Labels = append([]string{"行政复议", "行政诉讼"}, report.Table4Groups[1:]...)
			}
			source = append(source, d.Text)
			if convert {
				d.Text, _ = s2twp.Convert(d.Text)
				d.Section, _ = s2twp.Convert(d.Section)
			}
			docs = append(docs, d)
		}
	}
	return docs, source
}
