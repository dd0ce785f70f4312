package join

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
)

// earlierStore is a fakeStore that also keeps tokens of other sessions.
type earlierStore struct {
	fakeStore
	tokens []string
	asked  []Answers // what Earlier was asked about
}

func (s *earlierStore) Earlier(a Answers) []string {
	s.asked = append(s.asked, a)
	if !a.knowsWho() && s.fakeStore.completeOnly {
		return nil
	}
	return s.tokens
}

// earlierCall is one DialEarlier the flow made.
type earlierCall struct {
	a       Answers
	earlier []string
}

func refusingEarlier(calls *[]earlierCall, err error) func(context.Context, Answers, []string) (*client.Client, error) {
	return func(_ context.Context, a Answers, earlier []string) (*client.Client, error) {
		*calls = append(*calls, earlierCall{a, earlier})
		return nil, err
	}
}

// TestFlowEarlierTokens (issue 16): a participant who names the session
// but not who they are, and whose door keeps tokens of other sessions, is
// first dialled with those tokens and no name; a hub that knows none of
// them (it wants a name) sends them to the form as before, without a
// problem to read. With every answer given, the tokens go with the name.
func TestFlowEarlierTokens(t *testing.T) {
	last := Answers{Host: "10.0.0.5:7777", Code: "DAYONE", Name: "Aysel", Institution: "IRIA"}
	noName := &session.Error{Code: session.EINVALID, Message: "The name is empty.", Key: "errors.field_empty"}
	tests := map[string]struct {
		cfg       Config
		store     earlierStore
		wantStage stage
		wantPage  page
		want      []earlierCall
		wantDials []dialCall
	}{
		"the address and code given: a probe without a name, then the form": {
			cfg:       Config{Given: Answers{Host: "10.0.0.5:7777", Code: "daytwo"}, AskHost: true, Ask: true},
			store:     earlierStore{fakeStore: fakeStore{last: last, completeOnly: true}, tokens: []string{"t1", "t0"}},
			wantStage: stageAsk, wantPage: pageAll,
			want: []earlierCall{{Answers{Host: "10.0.0.5:7777", Code: "DAYTWO", Lang: lang.EN}, []string{"t1", "t0"}}},
		},
		"an SSH door admits the code: a probe, then who": {
			cfg:       Config{Given: Answers{Code: "DAYTWO"}, Ask: true, Gate: func(string) Verdict { return Verdict{} }},
			store:     earlierStore{tokens: []string{"key-day-1"}},
			wantStage: stageAsk, wantPage: pageWho,
			want: []earlierCall{{Answers{Code: "DAYTWO", Lang: lang.EN}, []string{"key-day-1"}}},
		},
		"every answer given: the tokens go with the name": {
			cfg:   Config{Given: Answers{Host: "10.0.0.5:7777", Code: "DAYTWO", Name: "Aysel", Institution: "IRIA"}, AskHost: true, Ask: true},
			store: earlierStore{fakeStore: fakeStore{completeOnly: true}, tokens: []string{"t1"}},
			// a refusal of the name, not a probe's: the form says why
			wantStage: stageAsk, wantPage: pageAll,
			want: []earlierCall{{Answers{Host: "10.0.0.5:7777", Code: "DAYTWO", Name: "Aysel", Institution: "IRIA", Lang: lang.EN}, []string{"t1"}}},
		},
		"no tokens: the form, no dial": {
			cfg:       Config{Given: Answers{Host: "10.0.0.5:7777", Code: "DAYTWO"}, AskHost: true, Ask: true},
			store:     earlierStore{fakeStore: fakeStore{last: last, completeOnly: true}},
			wantStage: stageAsk, wantPage: pageAll,
		},
		"only the address given: the form first": {
			cfg:       Config{Given: Answers{Host: "10.0.0.5:7777"}, AskHost: true, Ask: true},
			store:     earlierStore{fakeStore: fakeStore{last: last, completeOnly: true}, tokens: []string{"t1"}},
			wantStage: stageAsk, wantPage: pageAll,
		},
		"a saved token of this session is used as before": {
			cfg:       Config{Given: Answers{Host: "10.0.0.5:7777", Code: "DAYTWO", Name: "Aysel", Institution: "IRIA"}, AskHost: true, Ask: true},
			store:     earlierStore{fakeStore: fakeStore{token: "mine"}, tokens: []string{"t1"}},
			wantStage: stageAsk, wantPage: pageAll,
			wantDials: []dialCall{{Answers{Host: "10.0.0.5:7777", Code: "DAYTWO", Name: "Aysel", Institution: "IRIA", Lang: lang.EN}, "mine"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var calls []earlierCall
			var dials []dialCall
			store := tc.store
			cfg := tc.cfg
			cfg.Store = &store
			cfg.Dial = refusing(&dials, errors.New("boom"))
			cfg.DialEarlier = refusingEarlier(&calls, noName)
			m := New(cfg)
			settle(m, m.Init())
			if m.stage != tc.wantStage || m.stage == stageAsk && m.page != tc.wantPage {
				t.Errorf("stage %d page %d, want stage %d page %d", m.stage, m.page, tc.wantStage, tc.wantPage)
			}
			if !reflect.DeepEqual(calls, tc.want) {
				t.Errorf("earlier dials %+v, want %+v", calls, tc.want)
			}
			if !reflect.DeepEqual(dials, tc.wantDials) {
				t.Errorf("dials %+v, want %+v", dials, tc.wantDials)
			}
			probe := len(tc.want) > 0 && tc.want[0].a.Name == ""
			if probe && m.problem != nil {
				t.Errorf("after a probe the form shows a problem: %q", m.problem(m.l))
			}
			if !probe && len(tc.want) > 0 && m.problem == nil {
				t.Error("a refused name is not said")
			}
		})
	}
}

// TestFlowEarlierWithoutTheDoorsDial: a store with earlier tokens at a door
// that cannot send them (no DialEarlier) changes nothing.
func TestFlowEarlierWithoutTheDoorsDial(t *testing.T) {
	store := earlierStore{tokens: []string{"t1"}}
	var dials []dialCall
	m := New(Config{Given: Answers{Code: "DAYTWO"}, Ask: true, Gate: func(string) Verdict { return Verdict{} },
		Store: &store, Dial: refusing(&dials, errors.New("boom"))})
	settle(m, m.Init())
	if m.stage != stageAsk || m.page != pageWho || len(dials) != 0 {
		t.Fatalf("stage %d page %d dials %+v; want who asked, no dial", m.stage, m.page, dials)
	}
}
