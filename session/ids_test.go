package session_test

import (
	"slices"
	"testing"

	"roundtable/session"
)

func TestCompareIDsIsCreationOrder(t *testing.T) {
	ids := []string{"i10", "p2", "i2", "g1", "i1", "p10", "x", ""}
	session.ByID(ids)
	want := []string{"", "x", "g1", "i1", "i2", "p2", "i10", "p10"}
	if !slices.Equal(ids, want) {
		t.Fatalf("ByID = %v, want %v", ids, want)
	}
	if session.CompareIDs("i2", "i10") >= 0 || session.CompareIDs("i10", "i2") <= 0 || session.CompareIDs("i3", "i3") != 0 {
		t.Fatal("CompareIDs does not order by the number in the id")
	}
}
