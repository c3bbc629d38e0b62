package chart

import (
	"fmt"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {1234, "1,234"}, {1234567.25, "1,234,567.25"},
		{12.5, "12.5"}, {0.1, "0.1"}, {-1234, "-1,234"}, {100000, "100,000"},
	} {
		if got := Format(c.in); got != c.want {
			t.Errorf("Format(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi  float64
		integer bool
		want    string
	}{
		{0, 0, true, "[0 1 2]"},
		{0, 0, false, "[0 0.5 1]"},
		{0, 1, true, "[0 1 2]"},
		{0, 3, true, "[0 1 2 3]"},
		{0, 10, true, "[0 5 10]"},
		{120, 1400, true, "[0 500 1000 1500]"},
		{0, 0.3, false, "[0 0.1 0.2 0.3]"},
		{0, 1.1, false, "[0 0.5 1 1.5]"},
		{-30, 50, true, "[-50 0 50]"},
		{5, 5, true, "[0 2 4 6]"},
		{-7, -7, true, "[-8 -6 -4 -2 0]"},
	} {
		got := niceTicks(c.lo, c.hi, c.integer)
		if s := fmt.Sprint(got); s != c.want {
			t.Errorf("niceTicks(%v, %v, %v) = %s, want %s", c.lo, c.hi, c.integer, s, c.want)
		}
		if len(got) < 3 || len(got) > 5 {
			t.Errorf("niceTicks(%v, %v) gives %d ticks", c.lo, c.hi, len(got))
		}
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in   string
		maxW float64
		want string
	}{
		{"没有现成信息需要另行制作", 13 * 20, "没有现成信息需要另行制作"},
		{"没有现成信息需要另行制作", 13 * 5, "没有现成信|息需要另行|制作"},
		{"补正后申请人无正当理由逾期不补正、行政机关不再处理", 13 * 8, "补正后申请人无正|当理由逾期不补|正、行政机关不再|处理"},
		{"Other source of the data", 13 * 6, "Other|source of|the data"},
		{"", 100, ""},
	} {
		got := wrap(c.in, c.maxW, 13)
		if s := strings.Join(got, "|"); s != c.want {
			t.Errorf("wrap(%q, %v) = %q, want %q", c.in, c.maxW, s, c.want)
		}
	}
}

func TestSpread(t *testing.T) {
	got := spread([]float64{50, 52, 10, 200}, []float64{16, 16, 16, 32}, 0, 200, 2)
	want := "[50 68 10 184]"
	if s := fmt.Sprint(got); s != want {
		t.Errorf("spread = %s, want %s", s, want)
	}
}
