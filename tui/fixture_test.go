package tui

import (
	"strconv"
	"time"

	"roundtable/session"
)

// t0 is the fixed clock of the fixtures.
var t0 = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

// fixedNow is the clock the app sees: 28 seconds into a 5-minute timer.
func fixedNow() time.Time { return t0.Add(28 * time.Second) }

// fixture is a session of the reference workshop in Azerbaijani, Russian
// and English with emoji, taken up to phase: the participant "Aysel"
// (p2) is connected. The steps are the ones a real session goes through,
// so the state is what the hub would hold.
type fixture struct {
	conn   *fakeConn
	me     string
	others map[string]string // short name -> participant id
	ideas  map[string]string // short name -> idea id
	groups map[string]string
}

func newFixture(phase session.Phase) *fixture {
	f := &fixture{
		conn:   newFakeConn(t0, "Rəqəmsal Liderlik — Yol xəritəsi 🚀", []string{"İnkişaf", "Координация", "İnteqrasiya 🔗", "Digər"}),
		others: map[string]string{},
		ideas:  map[string]string{},
		groups: map[string]string{},
	}
	c := f.conn
	f.others["rashad"] = c.join("Рашад Алиев", "Министерство цифрового развития")
	f.me = c.join("Aysel Məmmədova", "İqtisadiyyat Nazirliyi")
	f.others["leyla"] = c.join("Leyla Həsənli", "ASAN xidmət")
	f.others["tural"] = c.join("Tural 👨‍💻", "İRİA")
	f.others["olga"] = c.join("Ольга Смирнова", "Министерство цифрового развития")
	c.setMe(f.me)
	c.online = []string{f.me, f.others["rashad"], f.others["tural"]}
	c.fac(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 300})
	if phase == session.PhaseLobby {
		return f
	}
	c.fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	t := c.srv.Topics
	post := func(name, pid, topic, text string) {
		before := c.srv.Counter
		if pid == f.me {
			c.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: text})
		} else {
			c.by(pid, session.Command{Type: session.CmdPostIdea, Topic: topic, Text: text})
		}
		f.ideas[name] = "i" + strconv.Itoa(int(before+1))
	}
	post("esign", f.others["rashad"], t[0].ID, "Единая электронная подпись для всех госуслуг ✍️")
	post("portal", f.me, t[0].ID, "Dövlət qurumları üçün vahid məlumat portalı yaradılsın 📊")
	post("training", f.others["leyla"], t[0].ID, "Rəqəmsal bacarıqlar üzrə təlimlər: hər nazirlikdə ən azı bir \"rəqəmsal lider\" olsun və onlar hər rüb bir araya gəlib təcrübə bölüşsünlər. Bu, dəyişikliklərin davamlı olmasını təmin edər.")
	post("spam", f.me, t[0].ID, "Bu fikir gizlədiləcək")
	post("api", f.others["tural"], t[1].ID, "Открытые API между ведомствами 🔗")
	post("weekly", f.me, t[1].ID, "Həftəlik koordinasiya görüşü")
	post("registry", f.others["olga"], t[2].ID, "Общий реестр данных граждан")
	post("wide", f.others["tural"], t[2].ID, "日本語テキスト幅テスト — 全角 👍🏽")
	post("misc", f.others["leyla"], t[3].ID, "Sessiyanın nəticələri açıq dərc olunsun")
	c.fac(session.Command{Type: session.CmdHideIdea, Item: f.ideas["spam"]})
	if phase == session.PhaseIdeas {
		return f
	}
	c.fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	before := c.srv.Counter
	c.fac(session.Command{Type: session.CmdGroupIdeas, Name: "Vahid rəqəmsal infrastruktur 🏛️", Ideas: []string{f.ideas["esign"], f.ideas["portal"]}})
	f.groups["infra"] = "g" + strconv.Itoa(int(before+1))
	before = c.srv.Counter
	c.fac(session.Command{Type: session.CmdGroupIdeas, Name: "Межведомственный обмен данными", Ideas: []string{f.ideas["api"], f.ideas["weekly"]}})
	f.groups["data"] = "g" + strconv.Itoa(int(before+1))
	if phase == session.PhaseGroup {
		return f
	}
	c.fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	vote := func(pid, item string) {
		cmd := session.Command{Type: session.CmdVote, Item: item, Delta: 1}
		if pid == f.me {
			c.Send(cmd)
		} else {
			c.by(pid, cmd)
		}
	}
	vote(f.me, f.groups["infra"])
	vote(f.me, f.groups["infra"])
	vote(f.me, f.ideas["training"])
	vote(f.others["rashad"], f.groups["infra"])
	vote(f.others["rashad"], f.groups["data"])
	vote(f.others["leyla"], f.ideas["training"])
	vote(f.others["leyla"], f.ideas["training"])
	vote(f.others["tural"], f.ideas["registry"])
	c.fac(session.Command{Type: session.CmdRevealVotes})
	if phase == session.PhaseVote {
		return f
	}
	c.fac(session.Command{Type: session.CmdCloseVoting})
	c.fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseDiscuss})
	c.fac(session.Command{Type: session.CmdFocus, Item: f.groups["infra"]})
	c.by(f.others["rashad"], session.Command{Type: session.CmdComment, Item: f.groups["infra"], Text: "Нужно начать с пилота в двух министерствах."})
	c.Send(session.Command{Type: session.CmdComment, Item: f.groups["infra"], Text: "Razıyam 👍 Portal üçün məlumat standartları lazımdır."})
	c.by(f.others["leyla"], session.Command{Type: session.CmdComment, Item: f.groups["infra"], Text: "ASAN xidmət təcrübəsini paylaşa bilər."})
	c.fac(session.Command{Type: session.CmdNote, Item: f.groups["infra"], Decision: "Pilot 2026-cı ilin ikinci rübündə başlasın."})
	if phase == session.PhaseDiscuss {
		return f
	}
	c.fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap})
	c.fac(session.Command{Type: session.CmdPlace, Item: f.groups["infra"], Horizon: "Now", Lead: "Министерство цифрового развития", Supporters: []string{"ASAN xidmət", "İqtisadiyyat Nazirliyi"}})
	c.fac(session.Command{Type: session.CmdPlace, Item: f.ideas["training"], Horizon: "Next", Lead: "ASAN xidmət"})
	c.fac(session.Command{Type: session.CmdPlace, Item: f.groups["data"], Horizon: "Next", Lead: "İRİA"})
	if phase == session.PhaseRoadmap {
		return f
	}
	c.fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	return f
}
