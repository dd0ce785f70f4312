package console

import (
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
	labels       map[string]string // participants' names, told apart (session.State.Labels, beside the institution)
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
	r := roomStats{labels: st.Labels(true)}
	instSet := map[string]bool{}
	for _, p := range st.Participants {
		if !p.Removed { // the removed are no longer in the room
			r.participants++
			if p.Institution != "" {
				instSet[p.Institution] = true
			}
		}
	}
	insts := make([]string, 0, len(instSet))
	for inst := range instSet {
		insts = append(insts, inst)
	}
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
		if k := st.TopicIndex(st.IdeaTopic(i)); k >= 0 {
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
		if p.Removed {
			continue
		}
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
	st, tx, r, l := c.Styles, c.Cells, c.room, c.L
	var out []string
	if c.opts.Join.Code != "" && c.St.Phase != session.PhaseLobby {
		out = append(out, tx.Truncate(st.Paint.Meta(l.S("console.side.join_code")+" ")+st.Paint.Title(c.opts.Join.Code), w))
		if len(c.opts.Join.Addrs) > 0 {
			out = append(out, st.Paint.Meta(tx.Truncate(c.opts.Join.Addrs[0], w)))
		}
		out = append(out, "")
	}
	out = append(out, st.Paint.Section(tx.Truncate(l.S("console.side.room"), w)))
	out = append(out, tx.Truncate(l.N("console.side.participants", r.participants)+" · "+l.N("console.side.online", r.online), w))
	out = append(out, tx.Truncate(l.N("console.side.institutions", r.institutions), w))
	all := l.Number(r.participants)
	switch c.St.Phase {
	case session.PhaseIdeas, session.PhaseGroup:
		out = append(out, tx.Truncate(l.N("console.side.posted", r.posted, "All", all), w))
	case session.PhaseVote:
		out = append(out, tx.Truncate(l.N("console.side.voted", r.voted, "All", all), w))
	case session.PhaseDiscuss, session.PhaseRoadmap:
		out = append(out, tx.Truncate(l.N("console.side.commented", r.commented, "All", all), w))
	}
	if c.St.Phase != session.PhaseLobby && c.St.Phase != session.PhaseClosed {
		out = append(out, st.Paint.Done(tx.Truncate(l.N("console.side.done", r.done, "All", all), w)))
	}
	if c.St.Phase != session.PhaseLobby && r.institutions > 0 {
		out = append(out, "", st.Paint.Section(tx.Truncate(l.S("console.side.coverage"), w)))
		for _, cv := range r.coverage {
			out = append(out, coverageLine(c.desk(), cv, r.institutions, w))
		}
	}
	out = append(out, "", st.Paint.Section(tx.Truncate(l.S("console.side.participants_title"), w)))
	people := c.St.Present()
	labels := r.labels
	for k, p := range people {
		if len(out) >= h-1 && k < len(people)-1 { // the last line says how many are left out
			out = append(out, st.Paint.Meta(tx.Truncate(l.N("roster.more", len(people)-k)+" · "+l.S("roster.side.open"), w)))
			break
		}
		out = append(out, c.participantLine(p, labels[p.ID], w))
	}
	if r.participants == 0 {
		out = append(out, st.Paint.Empty(tx.Truncate(l.S("console.side.nobody"), w)))
	}
	return tx.Clip(out, w, h)
}

// coverageLine is one topic's coverage: the plain sentence when it fits,
// a short form when not.
func coverageLine(c *desk, cv topicCoverage, all, w int) string {
	st, tx, l := c.Styles, c.Cells, c.L
	if cv.missing == 0 {
		return tx.Truncate(st.Paint.Done("✓ ")+cv.name+st.Paint.Meta(" · "+l.N("console.coverage.all", all)), w)
	}
	long := l.N("console.coverage.missing", cv.missing, "All", l.Number(all), "Topic", cv.name)
	if tx.Width(long)+2 <= w {
		return st.Paint.Meta("· ") + long
	}
	short := " " + l.N("console.coverage.short", cv.missing, "Heard", l.Number(cv.heard), "All", l.Number(all))
	name := tx.Truncate(cv.name, max(4, w-2-tx.Width(short)))
	return tx.Truncate(st.Paint.Meta("· ")+name+st.Paint.Meta(short), w)
}

// participantLine is one participant: online or not, name, institution,
// and whether they are done with this phase.
func (c *Console) participantLine(p *session.Participant, label string, w int) string {
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
	text := label
	if p.ReadOnly {
		text += " · " + c.L.S("roster.tag.read_only")
	}
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
	l := c.L
	out := []string{st.Paint.Section(tx.Truncate(l.S("console.join.title"), w)), ""}
	if j.Code != "" {
		if c.bigCode != nil && components.BigWidth(j.Code)+2 <= w && h >= 16 {
			for _, l := range c.bigCode {
				out = append(out, "  "+st.Paint.Title(l))
			}
		} else {
			out = append(out, "  "+st.Paint.Title(strings.Join(strings.Split(j.Code, ""), " ")))
		}
		out = append(out, "", st.Paint.Meta(tx.Truncate("  "+l.S("console.join.type"), w)))
		addrs := j.Addrs
		if len(addrs) == 0 {
			addrs = []string{l.S("console.join.host_port")}
		}
		for i, a := range addrs {
			if i == 3 {
				out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("console.join.more_addresses", len(addrs)-3), w)))
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
			out = append(out, "", st.Paint.Meta(tx.Truncate("  "+l.S("console.join.ssh"), w)))
			for i, cmd := range j.SSH {
				if i == 2 {
					out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("console.join.more_ssh", len(j.SSH)-2), w)))
					break
				}
				out = append(out, tx.Truncate("  "+st.Paint.Title(cmd), w))
			}
			if j.SSHFingerprint != "" {
				out = append(out, st.Paint.Meta(tx.Truncate("  "+l.S("console.join.ssh_key", "Key", j.SSHFingerprint), w)))
			}
		}
	}
	s := c.St.Settings
	anon := l.S("console.setup.authors_hidden")
	if !s.Anonymous {
		anon = l.S("console.setup.authors_shown")
	}
	var topics []string
	for _, t := range c.St.Topics {
		topics = append(topics, t.Name)
	}
	labels := []string{l.S("console.setup.topics"), l.S("console.setup.votes"), l.S("console.setup.horizons"), l.S("console.setup.authors")}
	values := []string{
		strings.Join(topics, " · "),
		l.N("console.setup.votes_value", s.VoteBudget, "Cap", l.Number(s.VoteCap)),
		strings.Join(s.Horizons, " · "),
		anon,
	}
	lw := 0
	for _, label := range labels {
		lw = max(lw, tx.Width(label))
	}
	out = append(out, "", st.Paint.Section(tx.Truncate(l.S("console.setup.title"), w)))
	for i, label := range labels {
		out = append(out, tx.Truncate(st.Paint.Meta(tx.Pad(label, lw+1))+values[i], w))
	}
	if line := carriedLine(l, c.St); line != "" { // issue 16: carried.go
		out = append(out, "", tx.Truncate(st.Paint.Title(line), w))
	}
	out = append(out, "")
	for _, line := range tx.Wrap(l.S("console.join.start", "Phase", tui.PhaseName(l, session.PhaseIdeas)), w) {
		out = append(out, st.Paint.Meta(line))
	}
	return tx.Clip(out, w, h)
}
