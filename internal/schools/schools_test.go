package schools

import "testing"

func TestFind(t *testing.T) {
	if n := len(All()); n < 800 {
		t.Fatalf("only %d schools", n)
	}
	got := Find("北京", 0, 5)
	if len(got) != 5 || got[0].Name[:len("北京")] != "北京" {
		t.Fatalf("Find 北京: %+v", got)
	}
	if got := Find("PEKING", 0, 10); len(got) == 0 || got[0].Name != "Peking University" {
		t.Fatalf("Find PEKING: %+v", got)
	}
	for _, s := range Find("学", 2, 50) {
		if s.Type != SeniorHigh {
			t.Fatalf("type filter: %+v", s)
		}
	}
	if got := Find("no such school at all", 0, 5); len(got) != 0 {
		t.Fatalf("Find nonsense: %+v", got)
	}
	if s, ok := ByID(got0().ID); !ok || s != got0() {
		t.Fatalf("ByID: %+v %v", s, ok)
	}
}

func got0() School { return All()[0] }
