package participant

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
)

// Consent rounds in the participant's app (issue 16). In the road map
// phase, while the facilitator runs a round, the top of the screen asks
// about the item, with the 0–5 scale in one line; 0–5 answer (a 0 or 1
// opens the text area for the reason: enter sends, esc sends nothing);
// the participant sees their own answer, which they may change until the
// reveal, and then the revealed distribution, with their answer beside
// it.

// consentMemory remembers the participant's own answers by round: the
// reveal takes them out of the state (only the result stays), and the
// app still says "your answer: 4" beside it.
type consentMemory map[string]int

func roundKey(item string, round int) string { return item + "#" + strconv.Itoa(round) }

// note keeps the participant's answers of the open round.
func (mem consentMemory) note(e *env) {
	c := e.st.OpenConsent()
	if c == nil {
		return
	}
	if a, ok := c.Given[e.me]; ok {
		mem[roundKey(c.Item, c.Round)] = a.Level
	}
}

// remember keeps the participant's own answers as their events arrive: a
// batch of news may bring an answer and the reveal that clears it from the
// state together.
func (r *roadmapScreen) remember(me string, evs []session.Event) {
	for _, e := range evs {
		if e.Type == session.EvConsentGiven && e.Actor == me && me != "" && e.Level != nil {
			if r.mine == nil {
				r.mine = consentMemory{}
			}
			r.mine[roundKey(e.Item, e.Round)] = *e.Level
		}
	}
}

// mine returns the participant's answer to round c: one on its way first,
// then one the hub took, then one remembered.
func (mem consentMemory) mine(e *env, c *session.Consent) (level int, sending, ok bool) {
	for k := len(e.pending) - 1; k >= 0; k-- {
		if p := e.pending[k]; p.Type == session.CmdConsent && p.Item == c.Item && p.Level != nil {
			return *p.Level, true, true
		}
	}
	if a, ok := c.Given[e.me]; ok && c.Open {
		return a.Level, false, true
	}
	level, ok = mem[roundKey(c.Item, c.Round)]
	return level, false, ok
}

// shownConsent is the round the screen shows: the open one, else the one
// revealed last; nil when none.
func shownConsent(st *session.State) *session.Consent {
	if c := st.OpenConsent(); c != nil {
		return c
	}
	var last *session.Consent
	for _, c := range st.Consent {
		if c.Result == nil {
			continue
		}
		if last == nil || c.Result.At.After(last.Result.At) || c.Result.At.Equal(last.Result.At) && c.Item > last.Item {
			last = c
		}
	}
	return last
}

// answerConsent answers the open round with the level of the digit key
// pressed; a 0 or 1 opens the text area for the reason.
func answerConsent(e *env, msg tea.KeyPressMsg) tea.Cmd {
	l := e.L
	c := e.st.OpenConsent()
	if c == nil {
		e.note(l.S("consent.participant.no_round"))
		return nil
	}
	level := int(msg.String()[0] - '0')
	if level <= 1 {
		t := composeTarget{kind: composeConsent, item: c.Item, level: level}
		return e.compose(t, "", session.MaxConsentReasonLen)
	}
	e.send(session.Command{Type: session.CmdConsent, Item: c.Item, Level: &level})
	e.note(l.S("consent.participant.answered", "Level", l.Number(level)))
	return nil
}

// consentScale is the scale in one line, each level with its meaning.
func consentScale(e *env) string {
	return e.L.S("consent.participant.scale")
}

// consentBox draws the round the screen shows, framed, w cells wide; nil
// when there is none.
func (r *roadmapScreen) consentBox(e *env, w int) []string {
	c := shownConsent(e.st)
	if c == nil || w < 20 {
		return nil
	}
	st, tx, l := e.Styles, e.Cells, e.L
	inner := w - tui.FrameWidth
	var lines []string
	add := func(paint func(string) string, s string, max int) {
		wrapped := tx.Wrap(s, inner)
		if max > 0 && len(wrapped) > max {
			wrapped = wrapped[:max]
			wrapped[max-1] = tx.Truncate(wrapped[max-1]+" …", inner)
		}
		for _, line := range wrapped {
			lines = append(lines, paint(line))
		}
	}
	title := tui.OneLine(e.st.ItemTitle(c.Item))
	level, sending, answered := r.mine.mine(e, c)
	if c.Open {
		add(st.Paint.Section, l.S("consent.participant.title", "Round", l.Number(c.Round)), 1)
		add(st.Paint.Title, l.S("consent.participant.question", "Item", title), 3)
		add(st.Paint.Item, consentScale(e), 0)
		switch {
		case sending:
			add(st.Paint.Pending, l.S("consent.participant.sending", "Level", l.Number(level)), 0)
		case answered:
			add(st.Paint.Own, l.S("consent.participant.yours", "Level", l.Number(level)), 0)
		default:
			add(st.Paint.Instruction, l.S("consent.participant.how"), 0)
		}
		return tx.Frame(st.Paint.Frame, lines, w)
	}
	res := c.Result
	head := l.S("consent.participant.revealed", "Round", l.Number(c.Round))
	if c.Outcome != "" {
		head += " · " + outcomeWord(e, c.Outcome)
	}
	add(st.Paint.Section, head, 2)
	add(st.Paint.Title, tx.Quote(title, inner-2), 1)
	lines = append(lines, chart(e, res.Distribution, inner)...)
	facts := l.N("consent.participant.took_part", res.TookPart)
	if res.Absent > 0 {
		facts += " · " + l.N("consent.participant.absent", res.Absent)
	}
	if answered {
		facts += " · " + l.S("consent.participant.yours_was", "Level", l.Number(level))
	}
	add(st.Paint.Meta, facts, 2)
	shown := min(len(res.Reasons), 3)
	for _, why := range res.Reasons[:shown] {
		by := why.Institution
		if why.InstitutionMasked {
			by = l.S("anon.another_institution")
		}
		if why.Author != "" {
			by = e.labels[why.Author]
		}
		text := l.Number(why.Level) + " — " + tui.OneLine(why.Text)
		if by != "" {
			text += " (" + by + ")"
		}
		add(st.Paint.Item, text, 2)
	}
	if more := len(res.Reasons) - shown; more > 0 {
		add(st.Paint.Meta, "+ "+l.N("consent.participant.more_reasons", more), 1)
	}
	return tx.Frame(st.Paint.Frame, lines, w)
}

// chart draws a distribution as columns, each level with its count:
//
//	 ▂▂      ▁▁              ▅▅
//	✊0      1       2       3 …
//	  1       0       0       3 …
func chart(e *env, d [6]int, w int) []string {
	tx, l, st := e.Cells, e.L, e.Styles
	top := 0
	for _, n := range d {
		top = max(top, n)
	}
	col := max(4, min(8, w/6))
	blocks := []rune(" ▁▂▃▄▅▆▇█")
	var bars, labels, counts strings.Builder
	for k, n := range d {
		b := ' '
		if top > 0 && n > 0 {
			b = blocks[max(1, n*8/top)]
		}
		// each column: the bar in cells 1–2, the level's digit and the
		// count ending in cell 2
		label := "  " + l.Number(k)
		switch k {
		case 0:
			label = "✊" + l.Number(k)
		case session.MaxConsentLevel:
			label = "✋" + l.Number(k)
		}
		count := l.Number(n)
		count = strings.Repeat(" ", max(0, 3-tx.Width(count))) + count
		bars.WriteString(tx.Pad(" "+strings.Repeat(string(b), 2), col))
		labels.WriteString(tx.Pad(label, col))
		counts.WriteString(tx.Pad(count, col))
	}
	return []string{st.Paint.Tally(tx.Truncate(bars.String(), w)), st.Paint.Meta(tx.Truncate(labels.String(), w)), tx.Truncate(counts.String(), w)}
}

// outcomeWord says an outcome.
func outcomeWord(e *env, outcome string) string {
	switch outcome {
	case session.ConsentAgreed:
		return e.L.S("consent.outcome.agreed")
	case session.ConsentReservations:
		return e.L.S("consent.outcome.reservations")
	case session.ConsentNotAgreed:
		return e.L.S("consent.outcome.not_agreed")
	}
	return ""
}
