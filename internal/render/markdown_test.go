package render

import (
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	md := NewMarkdown()
	for _, c := range []struct {
		name, src string
		allow     bool
		want      []string
		not       []string
	}{
		{name: "inline html escaped", src: "看<script>alert(1)</script>这里",
			want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, not: []string{"<script"}},
		{name: "html block escaped", src: "<div onclick=\"x()\">块</div>\n",
			want: []string{"&lt;div onclick=&quot;x()&quot;&gt;"}, not: []string{"<div"}},
		{name: "svg with script escaped", src: "<svg><script>alert(1)</script></svg>\n",
			not: []string{"<svg", "<script"}},
		{name: "javascript link dropped", src: "[点击](javascript:alert(1))",
			want: []string{`<p>点击</p>`}, not: []string{"javascript:", "<a"}},
		{name: "javascript link dropped with html allowed", src: "[点击](JavaScript:alert(1))", allow: true,
			want: []string{`<p>点击</p>`}, not: []string{"avaScript:", "<a"}},
		{name: "allowed html kept", src: "<b>粗</b>", allow: true, want: []string{"<b>粗</b>"}},
		{name: "headings start at h3", src: "# 标题\n\n## 小标题\n\n#### 四级", want: []string{"<h3", "<h4"}, not: []string{"<h1", "<h2"}},
		{name: "traditional paragraph", src: "本年度收到申請17件，已全部辦結。\n\n本年度收到申请17件。",
			want: []string{`<p lang="zh-Hant">本年度收到申請17件，已全部辦結。</p>`, "<p>本年度收到申请17件。</p>"}},
		{name: "traditional list item", src: "- 政府資訊公開\n- 政府信息公开\n",
			want: []string{`<li lang="zh-Hant">政府資訊公開</li>`, "<li>政府信息公开</li>"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := md.Convert(c.src, c.allow)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			for _, n := range c.not {
				if strings.Contains(string(got), n) {
					t.Errorf("unexpected %q in\n%s", n, got)
				}
			}
		})
	}
}
