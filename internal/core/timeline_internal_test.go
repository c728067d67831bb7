package core

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMergeDesc checks the k-way merge against the obvious answer (concatenate,
// sort, dedupe, cut) on random lists that overlap.
func TestMergeDesc(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 500 {
		k := 1 + r.IntN(6)
		lists := make([][]int64, k)
		var all []int64
		for i := range lists {
			seen := map[int64]bool{}
			for range r.IntN(30) {
				id := int64(r.IntN(80))
				if !seen[id] {
					seen[id] = true
					lists[i] = append(lists[i], id)
				}
			}
			slices.SortFunc(lists[i], func(a, b int64) int { return int(b - a) })
			all = append(all, lists[i]...)
		}
		n := r.IntN(40)
		slices.SortFunc(all, func(a, b int64) int { return int(b - a) })
		want := slices.Compact(all)
		if len(want) > n {
			want = want[:n]
		}
		if got := mergeDesc(lists, n); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("round %d: mergeDesc(%v, %d) = %v, want %v", round, lists, n, got, want)
		}
	}
}

// mergeDesc allocates for what its lists hold, not for what a page asked:
// a client's page×count once reached it as n and the process died of it.
func TestMergeDescHugeN(t *testing.T) {
	lists := [][]int64{{9, 5, 1}, {8, 5}}
	got := mergeDesc(lists, math.MaxInt)
	if want := []int64{9, 8, 5, 1}; !slices.Equal(got, want) {
		t.Fatalf("mergeDesc = %v, want %v", got, want)
	}
	if cap(got) > 5 {
		t.Fatalf("mergeDesc allocated room for %d ids for lists of 5", cap(got))
	}
	if got := mergeDesc(lists, -1); len(got) != 0 {
		t.Fatalf("mergeDesc(n = -1) = %v", got)
	}
}
