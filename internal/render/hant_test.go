package render

import "testing"

func TestIsTraditional(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"本年度共收到政府信息公开申请17件", false},
		{"本年度共收到政府資訊公開申請17件，已全部辦結。", true},
		{"廣州市增城區人民政府", true},
		{"广州市增城区人民政府", false},
		{"2020", false},
		{"", false},
		{"規範性檔案", true},
	} {
		if got := IsTraditional(c.s); got != c.want {
			t.Errorf("IsTraditional(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}
