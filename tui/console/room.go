package console

import (
	"strconv"
	"strings"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// roomStats is the room at a glance: who is here, who has taken part in
// this phase, and which institutions each topic has heard from.
type roomStats struct {
	participants int
	online       int
	institutions int
	posted       int // participants with at least one idea
	voted        int // participants who spent a vote
	commented    int // participants with at least one comment
	done         int // participants done with the current phase
	coverage     []topicCoverage
}

// topicCoverage counts the institutions that posted under a topic.
type topicCoverage struct {
	name     string
	heard    int // institutions with an idea under the topic
	missing  int // institutions without one
	ideas    int
	topicIdx int
}

// countRoom counts the room from the facilitator's replica.
func countRoom(st *session.State, online map[string]bool) roomStats {
	r := roomStats{participants: len(st.Participants)}
	insts := st.Institutions()
	r.institutions = len(insts)
	posted, commented := map[string]bool{}, map[string]bool{}
	heard := make([]map[string]bool, len(st.Topics))
	ideas := make([]int, len(st.Topics))
	for i := range heard {
		heard[i] = map[string]bool{}
	}
	for _, i := range st.Ideas {
		if i.Author != "" {
			posted[i.Author] = true
		}
		inst := i.Institution
		if p := st.Participants[i.Author]; p != nil && p.Institution != "" {
			inst = p.Institution
		}
		if k := st.TopicIndex(i.Topic); k >= 0 {
			ideas[k]++
			if inst != "" && !i.Hidden {
				heard[k][inst] = true
			}
		}
	}
	for _, cm := range st.Comments {
		if cm.Author != "" {
			commented[cm.Author] = true
		}
	}
	for id, p := range st.Participants {
		if online[id] {
			r.online++
		}
		if posted[id] {
			r.posted++
		}
		if p.VotesSpent > 0 {
			r.voted++
		}
		if commented[id] {
			r.commented++
		}
		if st.Done[st.Phase][id] {
			r.done++
		}
	}
	for k, t := range st.Topics {
		n := 0
		for _, inst := range insts {
			if heard[k][inst] {
				n++
			}
		}
		r.coverage = append(r.coverage, topicCoverage{name: t.Name, heard: n, missing: r.institutions - n, ideas: ideas[k], topicIdx: k})
	}
	return r
}

// sidePane draws the room overview w cells wide and h lines high: the join
// code, the counts of this phase, topic coverage and the participants.
func (c *Console) sidePane(w, h int) []string {
	if w <= 0 || h <= 0 {
		return nil
	}
	st, tx, r := c.Styles, c.Cells, c.room
	var out []string
	if c.opts.Join.Code != "" && c.St.Phase != session.PhaseLobby {
		out = append(out, tx.Truncate(st.Paint.Meta("Join code ")+st.Paint.Title(c.opts.Join.Code), w))
		if len(c.opts.Join.Addrs) > 0 {
			out = append(out, st.Paint.Meta(tx.Truncate(c.opts.Join.Addrs[0], w)))
		}
		out = append(out, "")
	}
	out = append(out, st.Paint.Section(tx.Truncate("Room", w)))
	out = append(out, tx.Truncate(tui.Plural(r.participants, "participant", "participants")+" · "+strconv.Itoa(r.online)+" online", w))
	out = append(out, tx.Truncate(tui.Plural(r.institutions, "institution", "institutions"), w))
	of := func(n int, what string) string {
		return tx.Truncate(strconv.Itoa(n)+" of "+strconv.Itoa(r.participants)+" "+what, w)
	}
	switch c.St.Phase {
	case session.PhaseIdeas, session.PhaseGroup:
		out = append(out, of(r.posted, "have posted"))
	case session.PhaseVote:
		out = append(out, of(r.voted, "have voted"))
	case session.PhaseDiscuss, session.PhaseRoadmap:
		out = append(out, of(r.commented, "have commented"))
	}
	if c.St.Phase != session.PhaseLobby && c.St.Phase != session.PhaseClosed {
		out = append(out, st.Paint.Done(of(r.done, "are done")))
	}
	if c.St.Phase != session.PhaseLobby && r.institutions > 0 {
		out = append(out, "", st.Paint.Section(tx.Truncate("Coverage by topic", w)))
		for _, cv := range r.coverage {
			out = append(out, coverageLine(st, tx, cv, r.institutions, w))
		}
	}
	out = append(out, "", st.Paint.Section(tx.Truncate("Participants", w)))
	for _, p := range c.St.ParticipantList() {
		if len(out) >= h {
			break
		}
		out = append(out, c.participantLine(p, w))
	}
	if r.participants == 0 {
		out = append(out, st.Paint.Empty(tx.Truncate("Nobody has joined yet.", w)))
	}
	return tx.Clip(out, w, h)
}

// coverageLine is one topic's coverage: the plain sentence when it fits,
// a short form when not.
func coverageLine(st *tui.Styles, tx tui.Cells, cv topicCoverage, all, w int) string {
	if cv.missing == 0 {
		return tx.Truncate(st.Paint.Done("✓ ")+cv.name+st.Paint.Meta(" · all "+strconv.Itoa(all)+" institutions"), w)
	}
	long := strconv.Itoa(cv.missing) + " of " + strconv.Itoa(all) + " institutions have not contributed to " + cv.name
	if tx.Width(long)+2 <= w {
		return st.Paint.Meta("· ") + long
	}
	name := tx.Truncate(cv.name, max(4, w-16))
	return tx.Truncate(st.Paint.Meta("· ")+name+st.Paint.Meta(" "+strconv.Itoa(cv.heard)+"/"+strconv.Itoa(all)+" · "+strconv.Itoa(cv.missing)+" missing"), w)
}

// participantLine is one participant: online or not, name, institution,
// and whether they are done with this phase.
func (c *Console) participantLine(p *session.Participant, w int) string {
	st, tx := c.Styles, c.Cells
	dot := st.Paint.Offline("○ ")
	if c.Online[p.ID] {
		dot = st.Paint.Online("● ")
	}
	var right string
	if c.St.Done[c.St.Phase][p.ID] {
		right = st.Paint.Done("✓")
	}
	if c.St.Phase == session.PhaseVote && p.VotesSpent > 0 {
		right = st.Paint.Vote(strings.Repeat("•", min(p.VotesSpent, 10))) + " " + right
	}
	text := p.Name
	if p.Institution != "" {
		text += " · " + p.Institution
	}
	return tx.Line(dot, text, st.Paint.Item, strings.TrimSpace(right), w)
}

// joinPanel draws the join code large, the addresses and the exact command
// to type, and the session's settings, w cells wide.
func (c *Console) joinPanel(w, h int) []string {
	st, tx := c.Styles, c.Cells
	j := c.opts.Join
	out := []string{st.Paint.Section(tx.Truncate("Join this session", w)), ""}
	if j.Code != "" {
		if c.bigCode != nil && components.BigWidth(j.Code)+2 <= w && h >= 16 {
			for _, l := range c.bigCode {
				out = append(out, "  "+st.Paint.Title(l))
			}
		} else {
			out = append(out, "  "+st.Paint.Title(strings.Join(strings.Split(j.Code, ""), " ")))
		}
		out = append(out, "", st.Paint.Meta("  Type in a terminal:"))
		addrs := j.Addrs
		if len(addrs) == 0 {
			addrs = []string{"HOST:PORT"}
		}
		for i, a := range addrs {
			if i == 3 {
				out = append(out, st.Paint.Meta(tx.Truncate("  … and "+strconv.Itoa(len(addrs)-3)+" more addresses", w)))
				break
			}
			if j.Fingerprint == "" {
				out = append(out, tx.Truncate("  "+st.Paint.Title("roundtable join "+a+" --code "+j.Code), w))
				continue
			}
			// the fingerprint to pin is long: it gets a line of its own
			out = append(out, tx.Truncate("  "+st.Paint.Title("roundtable join wss://"+a+" --code "+j.Code+" \\"), w))
			out = append(out, tx.Truncate("    "+st.Paint.Title("--fingerprint "+j.Fingerprint), w))
		}
		if len(j.SSH) > 0 {
			out = append(out, "", st.Paint.Meta("  Or over SSH, nothing to install:"))
			for i, l := range j.SSH {
				if i == 2 {
					out = append(out, st.Paint.Meta(tx.Truncate("  … and "+strconv.Itoa(len(j.SSH)-2)+" more", w)))
					break
				}
				out = append(out, tx.Truncate("  "+st.Paint.Title(l), w))
			}
			if j.SSHFingerprint != "" {
				out = append(out, st.Paint.Meta(tx.Truncate("  SSH host key: "+j.SSHFingerprint, w)))
			}
		}
	}
	s := c.St.Settings
	anon := "authors hidden from participants"
	if !s.Anonymous {
		anon = "authors shown"
	}
	var topics []string
	for _, t := range c.St.Topics {
		topics = append(topics, t.Name)
	}
	out = append(out, "",
		st.Paint.Section(tx.Truncate("Set-up", w)),
		tx.Truncate(st.Paint.Meta("Topics   ")+strings.Join(topics, " · "), w),
		tx.Truncate(st.Paint.Meta("Votes    ")+strconv.Itoa(s.VoteBudget)+" per participant, at most "+strconv.Itoa(s.VoteCap)+" per item", w),
		tx.Truncate(st.Paint.Meta("Horizons ")+strings.Join(s.Horizons, " · "), w),
		tx.Truncate(st.Paint.Meta("Authors  ")+anon, w),
		"",
		st.Paint.Meta(tx.Truncate("Press > to start the Ideas phase, t to set a timer.", w)),
	)
	return tx.Clip(out, w, h)
}
