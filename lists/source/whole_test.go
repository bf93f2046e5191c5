package source

import (
	"errors"
	"fmt"
	"testing"

	"github.com/investscreen/investscreen/lists"
)

func listOf(ids ...string) *lists.List {
	l := &lists.List{}
	for _, id := range ids {
		l.Entries = append(l.Entries, &lists.Entry{ID: id, List: lists.SDN})
	}
	return l
}

func seq(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprint(i))
	}
	return out
}

func TestCheckWhole(t *testing.T) {
	moved := listOf(seq(1, 100)...)
	moved.Entries[0] = &lists.Entry{ID: "1", List: lists.SSI}
	tests := []struct {
		name       string
		prev, next *lists.List
		maxLoss    float64
		want       error
	}{
		{"no entries", nil, listOf(), 0.05, ErrEmpty},
		{"nil list", listOf("1"), nil, 0.05, ErrEmpty},
		{"first release", nil, listOf("1"), 0.05, nil},
		{"5 of 100 lost: at the limit", listOf(seq(1, 100)...), listOf(seq(6, 100)...), 0.05, nil},
		{"6 of 100 lost", listOf(seq(1, 100)...), listOf(seq(7, 100)...), 0.05, ErrShrunk},
		{"all replaced by as many new ones", listOf(seq(1, 100)...), listOf(seq(101, 200)...), 0.05, ErrShrunk},
		{"growth", listOf(seq(1, 10)...), listOf(seq(1, 20)...), 0.05, nil},
		// Identity is list code and id (lists.CheckShrink, as Merge and
		// Diff): an entry that moved to another list counts as lost.
		{"entry moved to another list code, no loss allowed", listOf(seq(1, 100)...), moved, 0, ErrShrunk},
		{"entry moved to another list code", listOf(seq(1, 100)...), moved, 0.05, nil},
		{"any loss accepted", listOf(seq(1, 100)...), listOf("1"), 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkWhole(tc.prev, tc.next, tc.maxLoss)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}
