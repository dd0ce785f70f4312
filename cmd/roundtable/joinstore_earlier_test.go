package main

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"roundtable/tui/join"
)

// TestJoinFileEarlier (issue 16): the tokens of other sessions at the same
// address for the same person, newest first, at most four; not this
// session's, not another address's, not another person's.
func TestJoinFileEarlier(t *testing.T) {
	f := openJoinFile("", nil, time.Now)
	aysel := join.Answers{Host: "10.0.0.5:7777", Name: "Aysel", Institution: "IRIA"}
	at := func(code, name, host string) join.Answers {
		a := aysel
		a.Code, a.Name, a.Host = code, name, host
		return a
	}
	f.Keep(at("OTHERHOST", "Aysel", "10.0.0.9:7777"), "elsewhere")
	f.Keep(at("DAYONE", "Leyla", aysel.Host), "leyla")
	for i := range 6 {
		f.Keep(at("DAY"+strconv.Itoa(i), "aysel ", aysel.Host), "t"+strconv.Itoa(i))
	}
	f.Keep(at("DAYTWO", "Aysel", aysel.Host), "this-one")
	got := f.Earlier(at("DAYTWO", "Aysel", aysel.Host))
	if want := []string{"t5", "t4", "t3", "t2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("earlier tokens %v, want %v", got, want)
	}
	if got := f.Earlier(at("DAYTWO", "", aysel.Host)); got != nil {
		t.Fatalf("without a name: %v", got)
	}
}
