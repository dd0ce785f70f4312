package wall

import (
	"sort"
	"strconv"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/session"
	"roundtable/tui"
)

// wallBoard is the replica sorted for the wall, built once per change so
// that drawing a frame only cuts and paints what fits.
type wallBoard struct {
	topics       []wallColumn // ideas (and, from grouping on, groups) per topic, newest first
	horizons     []wallColumn // road map items per horizon, in their order
	candidates   []string     // votable items, most votes first
	maxTally     int
	totalVotes   int
	institutions []wallCount // institutions of the participants, most people first; none in a crowd
	insts        int         // how many institutions
	people       int
	online       int // participants connected, known only in a crowd (-1 otherwise)
	done         int // participants done with the current phase
	ideas        int // visible ideas
	groups       int
}

// wallColumn is one topic or horizon with its entries.
type wallColumn struct {
	title   string
	entries []wallEntry
	extra   int // ideas an entry stands for beyond itself: a count of private ideas (issue 15)
}

// wallEntry is one idea, group or road map item as the wall shows it.
type wallEntry struct {
	mark string // "•", "▣" or "1."
	text string
	meta string // institution, member count, lead
}

// wallCount is an institution and how many of its people are here.
type wallCount struct {
	name string
	n    int
}

// newWallBoard sorts st for the wall, with the counts and labels of its
// entries said by p. crowd is the roster's counts when the room is a
// crowd, else nil: the hub then tells the wall how many people and
// institutions there are, not who, so the people per institution cannot
// be listed and authors are their institutions.
func newWallBoard(st *session.State, crowd *protocol.Counts, p *lang.Printer) wallBoard {
	b := wallBoard{online: -1, groups: len(st.Groups), done: st.DoneCount(st.Phase)}
	names := st.Labels(true) // two people of one name told apart (session.State.Labels)
	byInst := map[string]int{}
	for id, p := range st.Participants {
		if st.Unnamed(id) {
			names[id] = ""
		}
		if p.Removed { // no longer in the room
			continue
		}
		b.people++
		byInst[p.Institution]++
	}
	for name, n := range byInst {
		b.institutions = append(b.institutions, wallCount{name, n})
	}
	b.insts = len(b.institutions)
	if crowd != nil {
		b.institutions = nil
		b.people, b.insts, b.online = crowd.Participants, crowd.Institutions, crowd.Online
	}
	sort.Slice(b.institutions, func(i, j int) bool {
		x, y := b.institutions[i], b.institutions[j]
		if x.n != y.n {
			return x.n > y.n
		}
		return x.name < y.name
	})

	col := map[string]int{}
	for i, t := range st.Topics {
		col[t.ID] = i
		b.topics = append(b.topics, wallColumn{title: t.Name})
	}
	showGroups := st.Phase.Index() >= session.PhaseGroup.Index()
	if showGroups {
		groups := st.GroupList()
		for k := len(groups) - 1; k >= 0; k-- {
			g := groups[k]
			if i, ok := col[g.Topic]; ok {
				b.topics[i].entries = append(b.topics[i].entries, wallEntry{mark: "▣", text: tui.MarkPrefix(p, st, g.ID) + g.Name, meta: p.N("common.ideas", len(g.Ideas))})
			}
		}
	}
	ideas := st.IdeaList()
	private := map[int]int{} // issue 15: private ideas per column, counted, never read
	for k := len(ideas) - 1; k >= 0; k-- {
		i := ideas[k]
		if i.Hidden {
			continue
		}
		b.ideas++
		if c, ok := col[i.Topic]; ok && i.Private {
			private[c]++
			continue
		}
		if showGroups && i.Group != "" {
			continue
		}
		meta := tui.InstitutionOf(p, i.Institution, i.InstitutionMasked)
		if n := names[i.Author]; n != "" && !st.Settings.Anonymous {
			meta = n + " · " + meta
		} else if st.Unnamed(i.Author) { // removed, the facilitator choosing not to name them
			meta = p.S("roster.removed_participant")
		}
		if c, ok := col[st.IdeaTopic(i)]; ok {
			b.topics[c].entries = append(b.topics[c].entries, wallEntry{mark: "•", text: tui.MarkPrefix(p, st, i.ID) + tui.OneLine(i.Text), meta: meta})
		}
	}

	b.privateEntries(private, p)

	b.candidates = st.Candidates()
	for _, id := range b.candidates {
		t := st.Tally(id)
		b.totalVotes += t
		b.maxTally = max(b.maxTally, t)
	}

	for _, h := range st.Settings.Horizons {
		c := wallColumn{title: h}
		for _, r := range st.RoadmapIn(h) {
			meta := ""
			if r.Lead != "" {
				meta = p.S("wall.roadmap.lead", "Lead", r.Lead)
			}
			if n := len(r.Supporters); n > 0 {
				if meta != "" {
					meta += " · "
				}
				meta += p.N("wall.roadmap.supporters", n)
			}
			c.entries = append(c.entries, wallEntry{mark: strconv.Itoa(r.Order) + ".", text: tui.MarkPrefix(p, st, r.Item) + tui.OneLine(st.ItemTitle(r.Item)), meta: meta})
		}
		b.horizons = append(b.horizons, c)
	}
	return b
}
