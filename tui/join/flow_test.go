package join

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
)

// fakeStore is a Store in memory that notes what the flow asked of it.
type fakeStore struct {
	last         Answers
	token        string // what Find returns
	completeOnly bool   // Find knows only complete answers, as the join file does
	forgot       int
	kept         []Answers // what Keep was given, in order
}

func (s *fakeStore) Last() Answers { return s.last }
func (s *fakeStore) Find(a Answers) string {
	if s.completeOnly && !a.Complete() {
		return ""
	}
	return s.token
}
func (s *fakeStore) Keep(a Answers, _ string) string { s.kept = append(s.kept, a); return "" }
func (s *fakeStore) Forget(Answers)                  { s.forgot++; s.token = "" }

// dialCall is one dial the flow made.
type dialCall struct {
	a      Answers
	resume string
}

// refusing returns a Dial that fails every call with the next error of
// errs (the last one again when they run out), noting each call.
func refusing(calls *[]dialCall, errs ...error) func(context.Context, Answers, string) (*client.Client, error) {
	return func(_ context.Context, a Answers, resume string) (*client.Client, error) {
		*calls = append(*calls, dialCall{a, resume})
		err := errs[min(len(*calls), len(errs))-1]
		return nil, err
	}
}

// settle runs cmd and every message it leads to through the flow, as the
// program would, but only the flow's own commands: a form's commands (its
// cursor blinking) are left alone, so that the test ends.
func settle(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		for i := range v.Len() { // a batch or a sequence, in order
			settle(m, v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	switch msg.(type) {
	case joinedMsg, failedMsg, askMsg:
		_, next := m.Update(msg)
		if m.stage != stageAsk {
			settle(m, next)
		}
	}
}

func forbidden(msg string) error { return &session.Error{Code: session.EFORBIDDEN, Message: msg} }

func TestFlowDecisions(t *testing.T) {
	complete := Answers{Host: "10.0.0.5:7777", Code: "k7q-2m ", Name: " Aysel", Institution: "İRİA"}
	tests := map[string]struct {
		cfg        Config
		errs       []error // what the hub answers, dial by dial
		store      fakeStore
		wantStage  stage
		wantPage   page
		wantText   string     // in the problem shown, or in Err
		wantDials  []dialCall // nil: no dial at all
		wantForgot int
	}{
		"a wrong code asks again, naming it": {
			cfg: Config{Given: complete, AskHost: true, Ask: true}, errs: []error{forbidden("Wrong code.")},
			wantStage: stageAsk, wantPage: pageAll, wantText: `"K7Q2M" was not accepted at 10.0.0.5:7777`,
			wantDials: []dialCall{{Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: lang.EN}, ""}},
		},
		"a stale token is forgotten and the same answers join afresh": {
			cfg: Config{Given: complete, AskHost: true, Ask: true}, store: fakeStore{token: "old"},
			errs:      []error{forbidden("Unknown resume token."), errors.New("boom")},
			wantStage: stageAsk, wantPage: pageAll, wantText: "Could not join at 10.0.0.5:7777: boom",
			wantDials: []dialCall{
				{Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: lang.EN}, "old"},
				{Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: lang.EN}, ""},
			},
			wantForgot: 1,
		},
		"a key's stale place is forgotten and who is asked": {
			cfg: Config{Ask: true, Gate: func(string) Verdict { return Verdict{} }}, store: fakeStore{token: "key"},
			errs:      []error{forbidden("Unknown resume token.")},
			wantStage: stageAsk, wantPage: pageWho, wantText: "Your earlier place in this session was not found.",
			wantDials: []dialCall{{Answers{Lang: lang.EN}, "key"}}, wantForgot: 1,
		},
		"a gate turns a wrong code away before the hub": {
			cfg:       Config{Given: Answers{Code: "notit"}, Ask: true, Gate: func(string) Verdict { return Verdict{Wrong: true} }},
			wantStage: stageAsk, wantPage: pageCode, wantText: `The join code "NOTIT" was not accepted. Check`,
		},
		"a closed door says so": {
			cfg:       Config{Given: Answers{Code: "X1Y2"}, Ask: true, Gate: func(string) Verdict { return Verdict{Closed: "Too many."} }},
			wantStage: stageClosed, wantText: "Too many.",
		},
		"a rejoin code at the gate resumes": {
			cfg:       Config{Given: Answers{Code: "ABCD2345"}, Ask: true, Gate: func(string) Verdict { return Verdict{Resume: "tok"} }},
			errs:      []error{client.ErrUnreachable},
			wantStage: stageRetry, wantText: "Could not reach the session",
			wantDials: []dialCall{{Answers{Code: "ABCD2345", Lang: lang.EN}, "tok"}},
		},
		"an admitted code asks who": {
			cfg:       Config{Ask: true, Gate: func(string) Verdict { return Verdict{} }, Given: Answers{Code: "K7Q2M"}},
			wantStage: stageAsk, wantPage: pageWho,
		},
		"a refused name asks again in the hub's words": {
			cfg: Config{Given: complete, AskHost: true, Ask: true}, errs: []error{&session.Error{Code: session.EINVALID, Message: "The name is empty."}},
			wantStage: stageAsk, wantPage: pageAll, wantText: "The name is empty.",
			wantDials: []dialCall{{Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: lang.EN}, ""}},
		},
		"without a terminal a failure ends the flow": {
			cfg: Config{Given: complete, AskHost: true}, errs: []error{client.ErrUnreachable},
			wantStage: stageDone, wantText: "Cannot reach 10.0.0.5:7777",
			wantDials: []dialCall{{Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: lang.EN}, ""}},
		},
		"remembered answers fill the form, not a dial": {
			cfg:       Config{Given: Answers{Host: "10.0.0.5:7777"}, AskHost: true, Ask: true},
			store:     fakeStore{last: Answers{Host: "old:1", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA"}, token: "t", completeOnly: true},
			wantStage: stageAsk, wantPage: pageAll,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var calls []dialCall
			store := tc.store
			cfg := tc.cfg
			cfg.Store = &store
			cfg.Dial = refusing(&calls, append(tc.errs, errors.New("no more dials"))...)
			m := New(cfg)
			settle(m, m.Init())
			if m.stage != tc.wantStage || m.stage == stageAsk && m.page != tc.wantPage {
				t.Errorf("stage %d page %d, want stage %d page %d", m.stage, m.page, tc.wantStage, tc.wantPage)
			}
			shown := ""
			if m.problem != nil {
				shown = m.problem(m.l)
			}
			if m.err != nil {
				shown = m.err.Error()
			}
			if !strings.Contains(shown, tc.wantText) {
				t.Errorf("shown %q, want it to say %q", shown, tc.wantText)
			}
			if !reflect.DeepEqual(calls, tc.wantDials) {
				t.Errorf("dials %+v, want %+v", calls, tc.wantDials)
			}
			if store.forgot != tc.wantForgot {
				t.Errorf("forgot %d times, want %d", store.forgot, tc.wantForgot)
			}
			if tc.wantStage == stageAsk && m.a.Host == "old:1" {
				t.Errorf("the address given was overridden by the remembered one")
			}
		})
	}
}
