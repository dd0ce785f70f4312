package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// Script drives a session through all seven phases as a facilitator would,
// without a console: it sets each phase and its timer, merges repeated
// ideas into groups, reveals the votes and closes voting, focuses the most
// voted items with a note each, and places the top items on the road map.
type Script struct {
	// Client is connected with the facilitator token.
	Client *client.Client
	// Every is how long the script stays in each phase (default 40 s); the
	// timer everyone sees is set to it.
	Every time.Duration
	// Dwell, when set, replaces the wait in each phase: the script moves on
	// when it returns. In the discussion phase it is called once for each
	// focused item.
	Dwell func(ctx context.Context, p session.Phase) error
	// Report, when set, is called as each phase begins.
	Report func(p session.Phase, st *session.State)
	// Focus is how many items are discussed (default 3); Place how many go
	// on the road map (default 5).
	Focus, Place int
	// Tables, when above 1, is how many breakout tables the room splits
	// into for the ideas, grouping and the table vote, institutions spread;
	// they are recalled in the vote phase, each promoting its Promote top
	// items (default 3), and the plenary votes on (issue 16).
	Tables, Promote int
	// Consent is how many placed items get a consent round in the road map
	// phase (issue 16; consent.go), the first on the road map first; 0
	// runs none.
	Consent int
}

// Run takes the session from the phase it is in through closed, and
// returns after the closed phase's dwell. A refused command ends it with
// the hub's error.
func (s Script) Run(ctx context.Context) error {
	if s.Every <= 0 {
		s.Every = 40 * time.Second
	}
	if s.Focus <= 0 {
		s.Focus = 3
	}
	if s.Place <= 0 {
		s.Place = 5
	}
	for _, p := range session.Phases() {
		if err := s.phase(ctx, p); err != nil {
			return fmt.Errorf("%s phase: %w", p, err)
		}
	}
	return nil
}

func (s Script) dwell(ctx context.Context, p session.Phase, d time.Duration) error {
	if s.Dwell != nil {
		return s.Dwell(ctx, p)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (s Script) phase(ctx context.Context, p session.Phase) error {
	f := facilitator{c: s.Client}
	if st := s.Client.State(); st.Phase != p {
		if err := f.do(ctx, session.Command{Type: session.CmdSetPhase, Phase: p}); err != nil {
			return err
		}
	}
	if p != session.PhaseLobby && p != session.PhaseClosed {
		secs := int(s.Every / time.Second)
		if err := f.do(ctx, session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: max(1, secs)}); err != nil {
			return err
		}
	}
	if p == session.PhaseIdeas {
		if err := s.openTables(ctx, f); err != nil { // issue 16: tables.go
			return err
		}
	}
	if s.Report != nil {
		s.Report(p, s.Client.State())
	}
	switch p {
	case session.PhaseGroup:
		if err := f.groupRepeats(ctx); err != nil {
			return err
		}
	case session.PhaseVote:
		if err := s.dwell(ctx, p, s.Every); err != nil {
			return err
		}
		if err := s.closeTables(ctx, f); err != nil { // issue 16: the plenary votes next
			return err
		}
		if err := f.do(ctx, session.Command{Type: session.CmdRevealVotes}); err != nil {
			return err
		}
		return f.do(ctx, session.Command{Type: session.CmdCloseVoting})
	case session.PhaseDiscuss:
		return s.discuss(ctx, f)
	case session.PhaseRoadmap:
		if err := f.place(ctx, s.Place); err != nil {
			return err
		}
		if err := s.consentRounds(ctx, f); err != nil { // issue 16
			return err
		}
	}
	return s.dwell(ctx, p, s.Every)
}

// discuss focuses the most voted items in turn, with a note on each.
func (s Script) discuss(ctx context.Context, f facilitator) error {
	top := s.Client.State().Candidates()
	if len(top) > s.Focus {
		top = top[:s.Focus]
	}
	each := s.Every / time.Duration(max(1, len(top)))
	for _, item := range top {
		if err := f.do(ctx, session.Command{Type: session.CmdFocus, Item: item}); err != nil {
			return err
		}
		if err := s.dwell(ctx, session.PhaseDiscuss, each); err != nil {
			return err
		}
		n := len(s.Client.State().CommentsOn(item))
		note := session.Command{Type: session.CmdNote, Item: item,
			Notes:    fmt.Sprintf("%d comments in the room.", n),
			Decision: "Take it to the road map; the lead institution reports back next meeting."}
		if err := f.do(ctx, note); err != nil {
			return err
		}
	}
	return f.do(ctx, session.Command{Type: session.CmdFocus, Item: ""})
}

// facilitator sends commands and waits for each answer.
type facilitator struct{ c *client.Client }

// do sends cmd and waits for its ack; a nack comes back as the hub's error.
func (f facilitator) do(ctx context.Context, cmd session.Command) error {
	op := f.c.Send(cmd)
	for {
		u := f.c.Drain()
		for _, a := range u.Acked {
			if a == op {
				return nil
			}
		}
		for _, n := range u.Nacks {
			if n.Op == op {
				return &session.Error{Code: n.Code, Message: cmd.Type + ": " + n.Message}
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case _, ok := <-f.c.Changes():
			if !ok {
				return fmt.Errorf("%s: the connection closed", cmd.Type)
			}
		}
	}
}

// groupRepeats merges visible ideas with the same text into one group.
func (f facilitator) groupRepeats(ctx context.Context) error {
	st := f.c.State()
	same := map[string][]string{}
	for _, i := range st.IdeaList() {
		if !i.Hidden && i.Group == "" && !st.TableKept(i.Table) {
			// a group holds one board's ideas: the same text at two tables
			// stays two items (issue 16)
			key := i.Table + "\x00" + i.Text
			same[key] = append(same[key], i.ID)
		}
	}
	var texts []string
	for t, ids := range same {
		if len(ids) > 1 {
			texts = append(texts, t)
		}
	}
	sort.Strings(texts)
	for _, t := range texts {
		_, text, _ := strings.Cut(t, "\x00")
		name := []rune(text)
		if len(name) > session.MaxGroupNameLen {
			name = append(name[:session.MaxGroupNameLen-1], '…')
		}
		if err := f.do(ctx, session.Command{Type: session.CmdGroupIdeas, Ideas: same[t], Name: string(name)}); err != nil {
			return err
		}
	}
	return nil
}

// place puts the n most voted items on the road map, spread over the
// horizons, each led by an institution that supports it.
func (f facilitator) place(ctx context.Context, n int) error {
	st := f.c.State()
	top := st.Candidates()
	if len(top) > n {
		top = top[:n]
	}
	hs := st.Settings.Horizons
	if len(hs) == 0 {
		return nil
	}
	for k, item := range top {
		sup := st.Supporters(item)
		cmd := session.Command{Type: session.CmdPlace, Item: item, Horizon: hs[k*len(hs)/max(1, len(top))]}
		if len(sup) > 0 {
			cmd.Lead = sup[0]
			cmd.Supporters = sup[1:min(len(sup), 4)]
		}
		if err := f.do(ctx, cmd); err != nil {
			return err
		}
	}
	return nil
}
