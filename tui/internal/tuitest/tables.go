package tuitest

import (
	"cmp"
	"slices"

	"roundtable/server/client"
	"roundtable/session"
)

// TableFixture is the reference workshop in breakout tables (issue 16):
// the room filled to 65 people from 45 institutions, split by count into
// 9 tables with the institutions spread, each table at work.
type TableFixture struct {
	*Fixture
	Tables []string // the tables' ids by number: Tables[0] is Table 1
	Mine   string   // the table "Aysel" (Me) sits at
	People []string // the 60 people Fill added, in joining order
}

// tableIdeas are what the tables post, in the three languages.
var tableIdeas = []string{
	"Vahid rəqəmsal imza bütün qurumlarda qəbul edilsin ✍️",
	"Единые стандарты обмена данными между ведомствами",
	"Open data portal with an API for every ministry 📊",
	"Hər nazirlikdə rəqəmsal transformasiya üzrə məsul şəxs təyin olunsun",
	"Обучение госслужащих работе с электронными сервисами 🎓",
	"Vətəndaş müraciətləri üçün vahid onlayn pəncərə",
	"Межведомственный реестр информационных систем",
	"Kibertəhlükəsizlik üzrə ortaq tələblər və yoxlamalar 🔐",
	"Пилот электронного документооборота в трёх ведомствах",
	"Dövlət xidmətlərinin mobil tətbiqdə birləşdirilməsi 📱",
	"Регулярные встречи ИТ-руководителей ведомств",
	"Açıq mənbə həllərindən istifadə üçün qaydalar",
}

// NewTableFixture takes the reference workshop to 65 people, opens 9
// tables by count in the ideas phase and has each table post: three of
// its members an idea each ("Aysel" two at hers); the facilitator makes
// the first member of every odd table its rapporteur and "Aysel" hers;
// Table 2 raises its hand. At PhaseGroup the tables group: Aysel's table
// merges its first two ideas. At PhaseVote every member gives one vote to
// their table's first item and another to its last, and "Aysel" picks two
// items for the plenary. The fixture's timer runs as NewFixture's does.
func NewTableFixture(phase session.Phase) *TableFixture {
	f := &TableFixture{Fixture: NewFixture(session.PhaseIdeas)}
	f.People = f.Fill()
	c := f.Conn
	c.Fac(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 9})
	var tables []*session.Table
	for _, t := range c.Srv.Tables {
		tables = append(tables, t)
	}
	slices.SortFunc(tables, func(a, b *session.Table) int { return cmp.Compare(a.No, b.No) })
	for _, t := range tables {
		f.Tables = append(f.Tables, t.ID)
	}
	f.Mine = c.Srv.Participants[f.Me].Table
	k := 0
	for n, id := range f.Tables {
		members := f.Members(id)
		posters := members[:min(3, len(members))]
		if id == f.Mine {
			posters = []string{f.Me, f.Me}
			for _, p := range members {
				if p != f.Me && len(posters) < 4 {
					posters = append(posters, p)
				}
			}
		}
		for _, pid := range posters {
			cmd := session.Command{Type: session.CmdPostIdea, Topic: c.Srv.Topics[k%len(c.Srv.Topics)].ID, Text: tableIdeas[k%len(tableIdeas)]}
			k++
			if pid == f.Me {
				c.Send(cmd)
			} else {
				c.By(pid, cmd)
			}
		}
		switch {
		case id == f.Mine:
			c.Fac(session.Command{Type: session.CmdSetRapporteur, Table: id, Participant: f.Me})
		case n%2 == 0:
			c.Fac(session.Command{Type: session.CmdSetRapporteur, Table: id, Participant: members[0]})
		}
	}
	c.By(f.Members(f.Tables[1])[0], session.Command{Type: session.CmdRaiseHand})
	if phase == session.PhaseIdeas {
		return f.timed()
	}
	c.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	mine := c.Srv.BoardItems(f.Mine)
	c.Send(session.Command{Type: session.CmdGroupIdeas, Name: "Rəqəmsal imza və standartlar", Ideas: mine[:2]})
	if phase == session.PhaseGroup {
		return f.timed()
	}
	c.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	for _, id := range f.Tables {
		items := c.Srv.BoardItems(id)
		for _, pid := range f.Members(id) {
			for _, item := range []string{items[0], items[len(items)-1]} {
				cmd := session.Command{Type: session.CmdVote, Item: item, Delta: 1}
				if pid == f.Me {
					c.Send(cmd)
				} else {
					c.By(pid, cmd)
				}
			}
		}
	}
	mine = c.Srv.BoardItems(f.Mine)
	c.Send(session.Command{Type: session.CmdPickPromotion, Table: f.Mine, Items: []string{mine[len(mine)-1], mine[0]}})
	return f.timed()
}

// timed starts the fixture's timer again, which every phase change
// stopped: 28 seconds gone of 5 minutes, as in every fixture.
func (f *TableFixture) timed() *TableFixture {
	if !f.Conn.Srv.Timer.Set() {
		f.Conn.Fac(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 300})
	}
	return f
}

// Members returns the present participants seated at table id, in
// joining order.
func (f *TableFixture) Members(id string) []string {
	f.Conn.Mu.Lock()
	defer f.Conn.Mu.Unlock()
	var out []string
	for _, p := range f.Conn.Srv.ParticipantList() {
		if p.Table == id && session.Present(f.Conn.Srv, p) {
			out = append(out, p.ID)
		}
	}
	return out
}

// AsFacilitator switches the connection to the facilitator's view of
// the session, with a snapshot (the console's connection).
func (f *Fixture) AsFacilitator() {
	c := f.Conn
	c.Mu.Lock()
	defer c.Mu.Unlock()
	c.Actor = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	c.Rep = session.RedactState(c.Srv, c.Actor)
	c.News = client.Update{Snapshot: true} // what the participant was told is not the console's news
	c.Signal()
}

// OpenTableIDs returns the ids of the open tables by number.
func OpenTableIDs(f *Fixture) []string {
	f.Conn.Mu.Lock()
	defer f.Conn.Mu.Unlock()
	var out []string
	for _, t := range f.Conn.Srv.OpenTables() {
		out = append(out, t.ID)
	}
	return out
}
