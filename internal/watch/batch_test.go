package watch

import "testing"

func TestMerge(t *testing.T) {
	older := Batch{
		{Path: "/r/a", Kind: Written},
		{Path: "/r/d", Kind: Removed, Dir: true},
		{Path: "/r/z", Kind: Written},
	}
	newer := Batch{
		{Path: "/r/a", Kind: Removed},
		{Path: "/r/b", Kind: Written},
		{Path: "/r/d", Kind: Written},
	}
	got := merge(older, newer)
	want := Batch{
		{Path: "/r/a", Kind: Removed},
		{Path: "/r/b", Kind: Written},
		{Path: "/r/d", Kind: Removed, Dir: true},
		{Path: "/r/d", Kind: Written},
		{Path: "/r/z", Kind: Written},
	}
	if len(got) != len(want) {
		t.Fatalf("merge = %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("merge = %v, want %v", got, want)
		}
	}
	if s := (Change{Path: "/r/d", Kind: Removed, Dir: true}).String(); s != "removed /r/d/" {
		t.Errorf("String = %q", s)
	}
}
