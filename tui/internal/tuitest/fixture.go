package tuitest

import (
	"strconv"
	"time"

	"roundtable/session"
)

// T0 is the fixed clock of the fixtures.
var T0 = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

// FixedNow is the clock the app sees: 28 seconds into a 5-minute timer.
func FixedNow() time.Time { return T0.Add(28 * time.Second) }

// Fixture is a session of the reference workshop in Azerbaijani, Russian
// and English with emoji, taken up to phase: the participant "Aysel"
// (p2) is connected. The steps are the ones a real session goes through,
// so the state is what the hub would hold.
type Fixture struct {
	Conn   *FakeConn
	Me     string
	Others map[string]string // short name -> participant id
	Ideas  map[string]string // short name -> idea id
	Groups map[string]string
}

func NewFixture(phase session.Phase) *Fixture {
	f := newFixture(phase)
	// Every phase change stops the timer (issue 15): the fixture's timer is
	// the one started in the lobby, at T0, whatever the phase.
	if !f.Conn.Srv.Timer.Set() {
		f.Conn.Fac(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 300})
	}
	return f
}

func newFixture(phase session.Phase) *Fixture {
	f := &Fixture{
		Conn:   newFakeConn(T0, "Rəqəmsal Liderlik — Yol xəritəsi 🚀", []string{"İnkişaf", "Координация", "İnteqrasiya 🔗", "Digər"}),
		Others: map[string]string{},
		Ideas:  map[string]string{},
		Groups: map[string]string{},
	}
	c := f.Conn
	f.Others["rashad"] = c.Join("Рашад Алиев", "Министерство цифрового развития")
	f.Me = c.Join("Aysel Məmmədova", "İqtisadiyyat Nazirliyi")
	f.Others["leyla"] = c.Join("Leyla Həsənli", "ASAN xidmət")
	f.Others["tural"] = c.Join("Tural 👨‍💻", "İRİA")
	f.Others["olga"] = c.Join("Ольга Смирнова", "Министерство цифрового развития")
	c.setMe(f.Me)
	c.online = []string{f.Me, f.Others["rashad"], f.Others["tural"]}
	c.Fac(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 300})
	// A room of five: with k of 2, the ministry of the two is named beside
	// its ideas and the three institutions of one are "another institution"
	// (issue 15, session/anon.go), so the screens show both.
	k := 2
	c.Fac(session.Command{Type: session.CmdUpdateSettings, AnonK: &k})
	if phase == session.PhaseLobby {
		return f
	}
	c.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	t := c.Srv.Topics
	post := func(name, pid, topic, text string) {
		before := c.Srv.Counter
		if pid == f.Me {
			c.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: text})
		} else {
			c.By(pid, session.Command{Type: session.CmdPostIdea, Topic: topic, Text: text})
		}
		f.Ideas[name] = "i" + strconv.Itoa(int(before+1))
	}
	post("esign", f.Others["rashad"], t[0].ID, "Единая электронная подпись для всех госуслуг ✍️")
	post("portal", f.Me, t[0].ID, "Dövlət qurumları üçün vahid məlumat portalı yaradılsın 📊")
	post("training", f.Others["leyla"], t[0].ID, "Rəqəmsal bacarıqlar üzrə təlimlər: hər nazirlikdə ən azı bir \"rəqəmsal lider\" olsun və onlar hər rüb bir araya gəlib təcrübə bölüşsünlər. Bu, dəyişikliklərin davamlı olmasını təmin edər.")
	post("spam", f.Me, t[0].ID, "Bu fikir gizlədiləcək")
	post("api", f.Others["tural"], t[1].ID, "Открытые API между ведомствами 🔗")
	post("weekly", f.Me, t[1].ID, "Həftəlik koordinasiya görüşü")
	post("registry", f.Others["olga"], t[2].ID, "Общий реестр данных граждан")
	post("wide", f.Others["tural"], t[2].ID, "日本語テキスト幅テスト — 全角 👍🏽")
	post("misc", f.Others["leyla"], t[3].ID, "Sessiyanın nəticələri açıq dərc olunsun")
	c.Fac(session.Command{Type: session.CmdHideIdea, Item: f.Ideas["spam"]})
	if phase == session.PhaseIdeas {
		return f
	}
	c.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	before := c.Srv.Counter
	c.Fac(session.Command{Type: session.CmdGroupIdeas, Name: "Vahid rəqəmsal infrastruktur 🏛️", Ideas: []string{f.Ideas["esign"], f.Ideas["portal"]}})
	f.Groups["infra"] = "g" + strconv.Itoa(int(before+1))
	before = c.Srv.Counter
	c.Fac(session.Command{Type: session.CmdGroupIdeas, Name: "Межведомственный обмен данными", Ideas: []string{f.Ideas["api"], f.Ideas["weekly"]}})
	f.Groups["data"] = "g" + strconv.Itoa(int(before+1))
	if phase == session.PhaseGroup {
		return f
	}
	c.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	vote := func(pid, item string) {
		cmd := session.Command{Type: session.CmdVote, Item: item, Delta: 1}
		if pid == f.Me {
			c.Send(cmd)
		} else {
			c.By(pid, cmd)
		}
	}
	vote(f.Me, f.Groups["infra"])
	vote(f.Me, f.Groups["infra"])
	vote(f.Me, f.Ideas["training"])
	vote(f.Others["rashad"], f.Groups["infra"])
	vote(f.Others["rashad"], f.Groups["data"])
	vote(f.Others["leyla"], f.Ideas["training"])
	vote(f.Others["leyla"], f.Ideas["training"])
	vote(f.Others["tural"], f.Ideas["registry"])
	c.Fac(session.Command{Type: session.CmdRevealVotes})
	if phase == session.PhaseVote {
		return f
	}
	c.Fac(session.Command{Type: session.CmdCloseVoting})
	c.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseDiscuss})
	c.Fac(session.Command{Type: session.CmdFocus, Item: f.Groups["infra"]})
	c.By(f.Others["rashad"], session.Command{Type: session.CmdComment, Item: f.Groups["infra"], Text: "Нужно начать с пилота в двух министерствах."})
	c.Send(session.Command{Type: session.CmdComment, Item: f.Groups["infra"], Text: "Razıyam 👍 Portal üçün məlumat standartları lazımdır."})
	c.By(f.Others["leyla"], session.Command{Type: session.CmdComment, Item: f.Groups["infra"], Text: "ASAN xidmət təcrübəsini paylaşa bilər."})
	c.Fac(session.Command{Type: session.CmdNote, Item: f.Groups["infra"], Decision: "Pilot 2026-cı ilin ikinci rübündə başlasın."})
	if phase == session.PhaseDiscuss {
		return f
	}
	c.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap})
	c.Fac(session.Command{Type: session.CmdPlace, Item: f.Groups["infra"], Horizon: "Now", Lead: "Министерство цифрового развития", Supporters: []string{"ASAN xidmət", "İqtisadiyyat Nazirliyi"}})
	c.Fac(session.Command{Type: session.CmdPlace, Item: f.Ideas["training"], Horizon: "Next", Lead: "ASAN xidmət"})
	c.Fac(session.Command{Type: session.CmdPlace, Item: f.Groups["data"], Horizon: "Next", Lead: "İRİA"})
	if phase == session.PhaseRoadmap {
		return f
	}
	c.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	return f
}
