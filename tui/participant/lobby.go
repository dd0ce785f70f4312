package participant

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// pager scrolls a screen made of lines.
type pager struct{ offset int }

// clamped returns the offset that keeps h lines of n filled.
func (p pager) clamped(n, h int) int {
	return max(0, min(p.offset, n-h))
}

func (p *pager) scroll(d, n, h int) { p.offset = max(0, min(p.offset+d, n-h)) }

// show returns the h lines on screen.
func (p pager) show(lines []string, h int) []string {
	if h <= 0 {
		return nil
	}
	off := p.clamped(len(lines), h)
	return lines[off:min(len(lines), off+h)]
}

// lobbyScreen is the lobby: a welcome, the agenda, and who is here by
// institution, or in a crowd how many.
type lobbyScreen struct {
	pager
	people []institutionPeople
	count  int // participants
	insts  int // institutions among them
	cache  drawn
}

// institutionPeople is one institution and its participants.
type institutionPeople struct {
	name   string
	people []*session.Participant
}

// byInstitution groups participants by institution, institutions and
// people sorted by name.
func byInstitution(st *session.State) []institutionPeople {
	idx := map[string]int{}
	var out []institutionPeople
	for _, p := range st.Present() { // the removed are no longer in the room
		k, ok := idx[p.Institution]
		if !ok {
			k = len(out)
			idx[p.Institution] = k
			out = append(out, institutionPeople{name: p.Institution})
		}
		out[k].people = append(out[k].people, p)
	}
	sort.SliceStable(out, func(a, b int) bool { return strings.ToLower(out[a].name) < strings.ToLower(out[b].name) })
	for _, g := range out {
		sort.SliceStable(g.people, func(a, b int) bool { return strings.ToLower(g.people[a].Name) < strings.ToLower(g.people[b].Name) })
	}
	return out
}

func (l *lobbyScreen) rebuild(e *env) {
	if c := e.crowd; c != nil {
		// The hub tells a crowd how many, not who.
		l.people, l.count, l.insts = nil, c.Participants, c.Institutions
	} else {
		l.people = byInstitution(e.st)
		l.count, l.insts = len(e.st.Present()), len(l.people)
	}
	l.cache = drawn{w: e.Width, tx: e.Cells, lines: l.draw(e, e.Width), ok: true}
}

func (l *lobbyScreen) lines(e *env, w int) []string {
	if lines, ok := l.cache.get(e.Cells, w); ok {
		return lines
	}
	return l.draw(e, w)
}

func (l *lobbyScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, e.Keys.Up):
		l.offset = max(0, l.offset-1)
	case key.Matches(msg, e.Keys.Down):
		l.offset++
	}
	return nil
}

func (l *lobbyScreen) follow(e *env, h int) { l.offset = l.clamped(len(l.lines(e, e.Width)), h) }

func (l *lobbyScreen) view(e *env, w, h int) string {
	lines := l.lines(e, w)
	shown := slices.Clone(l.show(lines, h))
	// what is cut below says so on the last line, which it takes
	if below := len(lines) - l.clamped(len(lines), h) - len(shown); below > 0 && len(shown) > 1 {
		shown[len(shown)-1] = e.Styles.Paint.Meta(e.Cells.Truncate(e.L.N("participant.lobby.more_below", below+1), w))
	}
	return e.Cells.Block(shown, w, h)
}

func (l *lobbyScreen) draw(e *env, w int) []string {
	st := e.Styles
	var lines []string
	if p := e.st.Participants[e.me]; p != nil {
		who := p.Name
		if p.Institution != "" {
			who += " (" + p.Institution + ")"
		}
		lines = append(lines, e.Cells.Indent(e.L.S("participant.lobby.welcome", "Who", who), "", w)...)
	}
	lines = append(lines, e.Cells.Indent(e.L.S("participant.lobby.starts"), "", w)...)
	lines = append(lines, "", st.Paint.Section(e.L.S("participant.lobby.agenda")))
	for i, t := range e.st.Topics {
		lines = append(lines, e.Cells.Indent(t.Name, "  "+strconv.Itoa(i+1)+". ", w)...)
	}
	s := e.st.Settings
	budget := e.L.N("participant.lobby.budget", s.VoteBudget, "Cap", e.L.N("participant.lobby.cap", s.VoteCap))
	lines = append(lines, e.Cells.Indent(budget, "  ", w)...)
	if s.Anonymous {
		lines = append(lines, e.Cells.Indent(e.L.S("participant.lobby.anonymous"), "  ", w)...)
		if k := s.K(); k > 1 { // issue 15: session/anon.go
			lines = append(lines, e.Cells.Indent(e.L.N("anon.lobby_rule", k), "  ", w)...)
		}
	}
	lines = append(lines, lobbyAgenda(e, w)...) // issue 15
	who := e.L.S("participant.lobby.who",
		"People", e.L.N("participant.lobby.people", l.count),
		"Institutions", e.L.N("participant.lobby.from_institutions", l.insts))
	if e.crowd != nil {
		who += " · " + e.L.N("participant.lobby.online", e.crowd.Online)
	}
	lines = append(lines, "", st.Paint.Section(e.Cells.Truncate(who, w)))
	if e.crowd != nil {
		lines = append(lines, e.Cells.Indent(st.Paint.Meta(e.L.S("participant.lobby.crowd")), "  ", w)...)
	}
	for _, g := range l.people {
		name := g.name
		if name == "" {
			name = e.L.S("participant.lobby.no_institution")
		}
		var names []string
		for _, p := range g.people {
			mark := "○ "
			switch {
			case e.st.Settings.Anonymous: // issue 15: nobody's presence is told (PROTOCOL.md, presence)
				mark = ""
			case e.online[p.ID]:
				mark = "● "
			}
			n := mark + e.labels[p.ID] // two people of one name told apart
			if p.ID == e.me {
				n += " " + e.L.S("participant.lobby.you")
			}
			names = append(names, n)
		}
		lines = append(lines, e.Cells.Indent(st.Paint.Meta(name+": ")+strings.Join(names, ", "), "  ", w)...)
	}
	return lines
}

func (l *lobbyScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	return []key.Binding{k.Move}, []key.Binding{k.Up, k.Down}
}
