package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/session"
)

// TestWireMatchesTheProtocolDocument drives a real host through every
// phase and nearly every command with bare websockets (a facilitator, two
// participants, an observer, a participant who resumes) and checks every
// frame the hub sends against docs/PROTOCOL.md: each decodes into its
// documented type with no unknown field; each field the document lists as
// always present is there; nothing is null; and each event carries only
// the common fields and those its row in the Events table names.
func TestWireMatchesTheProtocolDocument(t *testing.T) {
	events := docEventFields(t)
	h := startHost(t, "--title", "Wire check")
	fac := dialWire(t, h, "facilitator", protocol.Hello{T: protocol.KindHello, V: protocol.Version, Token: h.Token})
	obs := dialWire(t, h, "observer", protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Role: "observer"})
	a := dialWire(t, h, "Aysel", protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Aysel Məmmədova", Institution: "IRIA"})
	b := dialWire(t, h, "Dmitry", protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Дмитрий", Institution: "Минцифры"})
	aw, bw := a.welcome(), b.welcome()
	A, B := aw.You, bw.You

	F := func(c session.Command) protocol.Ack { return fac.ok(c) }
	str := func(s string) *string { return &s }
	F(session.Command{Type: session.CmdUpdateSettings, Title: str("Wire check 2"), Horizons: []string{"Now", "Next", "Later", "Q1 2027"}})
	F(session.Command{Type: session.CmdAddTopic, Name: "Extra"})
	F(session.Command{Type: session.CmdRenameTopic, Topic: "t1", Name: "İnkişaf"})
	F(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 300})
	F(session.Command{Type: session.CmdTimer, Action: session.TimerPause})
	F(session.Command{Type: session.CmdTimer, Action: session.TimerResume})
	F(session.Command{Type: session.CmdTimer, Action: session.TimerExtend, Seconds: 60})
	// issue 15: an agenda (grouping and each discussed item get a time)
	// and private brainstorming, so that the ideas phase is a private round
	private := true
	F(session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: &private, Agenda: &session.Agenda{
		Phases: map[session.Phase]time.Duration{session.PhaseGroup: 10 * time.Minute}, Item: 2 * time.Minute}})
	F(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	i1 := a.ok(session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Vahid məlumat portalı"}).Seq
	a.ok(session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Açıq API"})
	b.ok(session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: "Единый реестр"})
	b.ok(session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: "Удалить"})
	fac.ok(session.Command{Type: session.CmdPostIdea, Topic: "t3", Text: "From the facilitator"})
	st := fac.state()
	id := func(text string) string {
		for _, i := range st.Ideas {
			if i.Text == text {
				return i.ID
			}
		}
		t.Fatalf("no idea %q (after seq %d)", text, i1)
		return ""
	}
	st = fac.state()
	portal, api, reg, del, facIdea := id("Vahid məlumat portalı"), id("Açıq API"), id("Единый реестр"), id("Удалить"), id("From the facilitator")
	a.ok(session.Command{Type: session.CmdEditIdea, Item: api, Text: "Açıq API (private)"}) // others: redacted
	F(session.Command{Type: session.CmdRevealIdeas})
	a.ok(session.Command{Type: session.CmdEditIdea, Item: portal, Text: "Vahid məlumat portalı 🚀"})
	b.ok(session.Command{Type: session.CmdDeleteIdea, Item: del})
	F(session.Command{Type: session.CmdHideIdea, Item: facIdea})
	F(session.Command{Type: session.CmdShowIdea, Item: facIdea})
	F(session.Command{Type: session.CmdMoveIdea, Item: facIdea, Topic: "t4"})
	F(session.Command{Type: session.CmdRemoveTopic, Topic: fac.state().Topics[4].ID})
	a.ok(session.Command{Type: session.CmdMarkDone})
	a.ok(session.Command{Type: session.CmdClearDone})
	a.ok(session.Command{Type: session.CmdMarkDone})

	// issue 16: a round of breakout tables: both at table 1 (table 2
	// empty), a post at the table (the observer gets it redacted), the
	// rapporteur, a hand, the picks, a broadcast, a latecomer seated with
	// the table's board, and the close promoting the pick.
	F(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByHand, Count: 2, Seats: map[string]string{A: "1", B: "1"}})
	atTable := a.ok(session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Masada: açıq məlumat"}).Seq
	fac.until(func(f wireFrame) bool { return f.T == protocol.KindEvent && f.Event.Seq >= atTable })
	table1, tableIdea := fac.state().Participants[A].Table, ""
	for _, i := range fac.state().Ideas {
		if i.Table != "" {
			tableIdea = i.ID
		}
	}
	b.ok(session.Command{Type: session.CmdSetRapporteur})
	a.ok(session.Command{Type: session.CmdRaiseHand})
	F(session.Command{Type: session.CmdLowerHand, Table: table1})
	b.ok(session.Command{Type: session.CmdPickPromotion, Items: []string{tableIdea}})
	F(session.Command{Type: session.CmdBroadcast, Text: "Beş dəqiqə qalıb"})
	d := dialWire(t, h, "Latecomer", protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Kamran", Institution: "IRIA"})
	d.welcome()
	F(session.Command{Type: session.CmdCloseTables})

	F(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	F(session.Command{Type: session.CmdGroupIdeas, Ideas: []string{portal, reg}, Name: "Məlumat"})
	st = fac.state()
	var group string
	for g := range st.Groups {
		group = g
	}
	F(session.Command{Type: session.CmdGroupIdeas, Group: group, Ideas: []string{api}})
	F(session.Command{Type: session.CmdUngroupIdea, Item: api})
	F(session.Command{Type: session.CmdRenameGroup, Item: group, Name: "Məlumat mübadiləsi"})
	F(session.Command{Type: session.CmdDissolveGroup, Item: group})
	F(session.Command{Type: session.CmdGroupIdeas, Ideas: []string{portal, reg}, Name: "Data"})
	for g := range fac.state().Groups {
		group = g
	}

	F(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	a.ok(session.Command{Type: session.CmdVote, Item: group, Delta: 1})
	a.ok(session.Command{Type: session.CmdVote, Item: api, Delta: 1})
	a.ok(session.Command{Type: session.CmdVote, Item: api, Delta: -1})
	b.ok(session.Command{Type: session.CmdVote, Item: group, Delta: 1})
	F(session.Command{Type: session.CmdRevealVotes})
	b.ok(session.Command{Type: session.CmdVote, Item: group, Delta: 1}) // seen by others while revealed
	F(session.Command{Type: session.CmdHideVotes})
	F(session.Command{Type: session.CmdRevealVotes})
	one := 1
	F(session.Command{Type: session.CmdUpdateSettings, VoteBudget: &one}) // issue 15: b's second vote goes back
	F(session.Command{Type: session.CmdCloseVoting})
	F(session.Command{Type: session.CmdOpenVoting})
	F(session.Command{Type: session.CmdCloseVoting})
	a.no(session.Command{Type: session.CmdVote, Item: group, Delta: 1}) // a nack

	F(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseDiscuss})
	F(session.Command{Type: session.CmdFocus, Item: group})
	a.ok(session.Command{Type: session.CmdComment, Item: group, Text: "Pilot iki nazirlikdə"})
	doomed := b.ok(session.Command{Type: session.CmdComment, Item: group, Text: "Удалю"}).Seq
	// b has its ack; the facilitator's copy gets the comment a moment later.
	fac.until(func(f wireFrame) bool { return f.T == protocol.KindEvent && f.Event.Seq >= doomed })
	for _, c := range fac.state().Comments {
		if c.Text == "Удалю" {
			b.ok(session.Command{Type: session.CmdDeleteComment, Item: c.ID})
		}
	}
	fac.ok(session.Command{Type: session.CmdComment, Item: group, Text: "From the front"})

	// The facilitator's moderation (issue 15): a's comment deleted, b
	// renamed and made read-only (its comment refused) and back, and a
	// third participant removed (an error frame, then the close) and,
	// once re-admitted, back with the same resume token.
	for _, c := range fac.state().Comments {
		if c.Text == "Pilot iki nazirlikdə" {
			F(session.Command{Type: session.CmdDeleteComment, Item: c.ID})
		}
	}
	F(session.Command{Type: session.CmdRenameParticipant, Participant: B, Name: "Дмитрий Орлов"})
	F(session.Command{Type: session.CmdMakeReadOnly, Participant: B})
	b.no(session.Command{Type: session.CmdComment, Item: group, Text: "Нельзя"})
	F(session.Command{Type: session.CmdLiftReadOnly, Participant: B})
	c := dialWire(t, h, "Aynur", protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Aynur Quliyeva", Institution: "AzInTelecom"})
	cw := c.welcome()
	F(session.Command{Type: session.CmdRemoveParticipant, Participant: cw.You, Attribution: session.AttributionRemoved})
	c.until(func(f wireFrame) bool { return f.T == protocol.KindError })
	<-c.done // the hub closes it
	c2 := dialRefused(t, h, protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: cw.Resume})
	if c2 != protocol.CloseRemoved {
		t.Errorf("the removed participant's token: close %d, want %d", c2, protocol.CloseRemoved)
	}
	F(session.Command{Type: session.CmdReadmitParticipant, Participant: cw.You})
	c3 := dialWire(t, h, "Aynur again", protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: cw.Resume, Since: cw.Seq})
	if w := c3.welcome(); w.You != cw.You {
		t.Errorf("re-admitted, the token welcomes %q, want %q", w.You, cw.You)
	}
	F(session.Command{Type: session.CmdNote, Item: group, Notes: "İki nazirlik", Decision: "Pilot"})
	F(session.Command{Type: session.CmdNote, Item: api, Decision: "Later"})
	F(session.Command{Type: session.CmdFocus, Item: ""})

	F(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap})
	// issue 15: the slip undone gives back the discussion and the item's
	// clock the phase change stopped (timer_restored), then on again
	F(session.Command{Type: session.CmdUndo})
	F(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap})
	F(session.Command{Type: session.CmdPlace, Item: group, Horizon: "Now", Lead: "IRIA", Supporters: []string{"Минцифры"}, Order: 1})
	F(session.Command{Type: session.CmdPlace, Item: api, Horizon: "Next"})
	F(session.Command{Type: session.CmdPlace, Item: facIdea, Horizon: "Next"})
	F(session.Command{Type: session.CmdUnplace, Item: facIdea})
	F(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 120})
	F(session.Command{Type: session.CmdTimer, Action: session.TimerStop})

	F(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	a.ok(session.Command{Type: session.CmdFeedback, Rating: 5, Text: "Çox faydalı"})
	last := b.ok(session.Command{Type: session.CmdFeedback, Rating: 3}).Seq

	// A duplicate op, a malformed frame, and a participant who comes
	// back: a dup ack, an error frame, a welcome without a resume token
	// or a snapshot, then the events it missed.
	a.send(protocol.Command{T: protocol.KindCommand, Op: a.lastOp, Cmd: session.Command{Type: session.CmdFeedback, Rating: 5}})
	a.until(func(f wireFrame) bool { return f.T == protocol.KindAck && f.Dup })
	a.sendRaw([]byte(`{"t":"cmd","op":`))
	a.until(func(f wireFrame) bool { return f.T == protocol.KindError })
	b.ws.Close()
	b2 := dialWire(t, h, "Dmitry again", protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: bw.Resume, Since: i1})
	if w := b2.welcome(); w.Snapshot != nil || w.Resume != "" || w.You != B {
		t.Errorf("the resuming participant's welcome: %+v", w)
	}
	for _, p := range []*wirePeer{fac, obs, a, b2} {
		p.until(func(f wireFrame) bool { return f.T == protocol.KindEvent && f.Event.Seq >= last })
	}
	if st := fac.state(); st.Feedback[A] == nil || st.Feedback[B] == nil {
		t.Errorf("the facilitator's copy lacks the feedback of %s or %s", A, B)
	}
	// A join implies presence; a participant's last connection closing is
	// told by a presence frame.
	b2.ws.Close()
	fac.until(func(f wireFrame) bool { return f.T == protocol.KindPresence })

	seen := map[string]bool{}
	for _, p := range []*wirePeer{fac, obs, a, b, b2, c, c3, d} {
		for _, raw := range p.all() {
			checkWireFrame(t, p.name, raw, events, seen)
		}
	}
	// Every frame kind and event type was seen at least once, so the
	// check above covered them.
	var missing []string
	for _, k := range []string{"welcome", "event", "ack", "nack", "error", "presence"} {
		if !seen["frame "+k] {
			missing = append(missing, k)
		}
	}
	for typ := range events {
		if typ != session.EvSessionCreated && !seen["event "+typ] {
			missing = append(missing, typ)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the flow never produced %v; extend it so the check covers them", missing)
	}
}

// checkWireFrame checks one frame the hub sent against the protocol
// document: it decodes into its type with no unknown field, every field
// not marked "may be absent" is present, nothing is null, times are RFC
// 3339, and an event carries only the common fields and its type's.
func checkWireFrame(t *testing.T, who string, raw []byte, events map[string][]string, seen map[string]bool) {
	t.Helper()
	kind, err := protocol.Kind(raw)
	if err != nil {
		t.Errorf("%s got a frame that is not a JSON object: %s", who, raw)
		return
	}
	types := map[string]reflect.Type{
		protocol.KindWelcome:  reflect.TypeFor[protocol.Welcome](),
		protocol.KindEvent:    reflect.TypeFor[protocol.EventFrame](),
		protocol.KindAck:      reflect.TypeFor[protocol.Ack](),
		protocol.KindNack:     reflect.TypeFor[protocol.Nack](),
		protocol.KindError:    reflect.TypeFor[protocol.Error](),
		protocol.KindPresence: reflect.TypeFor[protocol.Presence](),
		protocol.KindRoster:   reflect.TypeFor[protocol.Roster](),
	}
	typ, ok := types[kind]
	if !ok {
		t.Errorf("%s got a frame of a kind the document does not name: %s", who, raw)
		return
	}
	seen["frame "+kind] = true
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(reflect.New(typ).Interface()); err != nil {
		t.Errorf("%s: %s frame does not decode strictly (%v): %s", who, kind, err, raw)
	}
	var v any
	dec = json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	for _, p := range wireProblems(v, typ, kind) {
		t.Errorf("%s: %s in %s", who, p, raw)
	}
	if kind != protocol.KindEvent {
		return
	}
	e := v.(map[string]any)["event"].(map[string]any)
	et, _ := e["type"].(string)
	allowed, ok := events[et]
	if !ok {
		t.Errorf("%s: event type %q has no row in the Events table: %s", who, et, raw)
		return
	}
	seen["event "+et] = true
	for k := range e {
		// the common fields, and undoes, which the document says any event may carry;
		// issue 16: table and delta, which any event about a table's item carries
		table := k == "table" || k == "delta" && e["table"] != nil
		if !slices.Contains([]string{"seq", "type", "at", "actor", "undoes"}, k) && !slices.Contains(allowed, k) && !table {
			t.Errorf("%s: a %s event carries %q, which its row in the Events table does not name: %s", who, et, k, raw)
		}
	}
}

// wireProblems walks a decoded JSON value along its Go type and lists what
// breaks the document's rules: a missing always-present field, a null, a
// time that is not RFC 3339.
func wireProblems(v any, typ reflect.Type, path string) []string {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if v == nil {
		return []string{path + " is null"}
	}
	var out []string
	switch {
	case typ == reflect.TypeFor[time.Time]():
		s, _ := v.(string)
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			out = append(out, fmt.Sprintf("%s is not an RFC 3339 time: %v", path, v))
		}
	case typ.Kind() == reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return []string{path + " is not an object"}
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv, present := obj[name]
			if !present {
				if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
					out = append(out, fmt.Sprintf("%s.%s is missing (the document says it is always present)", path, name))
				}
				continue
			}
			out = append(out, wireProblems(fv, f.Type, path+"."+name)...)
		}
	case typ.Kind() == reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return []string{path + " is not a list"}
		}
		for i, e := range arr {
			out = append(out, wireProblems(e, typ.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	case typ.Kind() == reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return []string{path + " is not an object"}
		}
		for k, e := range obj {
			out = append(out, wireProblems(e, typ.Elem(), path+"."+k)...)
		}
	}
	return out
}

// docEventFields reads the Events table of docs/PROTOCOL.md: for each
// event type, the fields its row names.
func docEventFields(t *testing.T) map[string][]string {
	t.Helper()
	doc, err := os.ReadFile("../docs/PROTOCOL.md")
	if err != nil {
		t.Fatalf("reading the protocol document: %v", err)
	}
	_, sec, ok := strings.Cut(string(doc), "\n## Events\n")
	if !ok {
		t.Fatal("docs/PROTOCOL.md has no Events section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	row := regexp.MustCompile("^\\| ((?:`[a-z_]+`(?: / )?)+) \\|([^|]*)\\|")
	tick := regexp.MustCompile("`([a-z_]+)`")
	out := map[string][]string{}
	for _, line := range strings.Split(sec, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var fields []string
		for _, f := range tick.FindAllStringSubmatch(m[2], -1) {
			fields = append(fields, f[1])
		}
		for _, typ := range tick.FindAllStringSubmatch(m[1], -1) {
			out[typ[1]] = fields
		}
	}
	if len(out) < 30 {
		t.Fatalf("read only %d event types from the Events table", len(out))
	}
	return out
}
