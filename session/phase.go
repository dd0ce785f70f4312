package session

// Phase is one stage of a session. The facilitator moves freely between them.
type Phase string

// The seven phases, in their usual order.
const (
	PhaseLobby   Phase = "lobby"
	PhaseIdeas   Phase = "ideas"
	PhaseGroup   Phase = "group"
	PhaseVote    Phase = "vote"
	PhaseDiscuss Phase = "discuss"
	PhaseRoadmap Phase = "roadmap"
	PhaseClosed  Phase = "closed"
)

// Phases returns the seven phases in order.
func Phases() []Phase {
	return []Phase{PhaseLobby, PhaseIdeas, PhaseGroup, PhaseVote, PhaseDiscuss, PhaseRoadmap, PhaseClosed}
}

// Index returns the position of p in Phases, or -1 for an unknown phase.
func (p Phase) Index() int {
	for i, q := range Phases() {
		if q == p {
			return i
		}
	}
	return -1
}

// Valid reports whether p is one of the seven phases.
func (p Phase) Valid() bool { return p.Index() >= 0 }

// Next returns the phase after p, or p itself when p is the last.
func (p Phase) Next() Phase {
	ps := Phases()
	if i := p.Index(); i >= 0 && i+1 < len(ps) {
		return ps[i+1]
	}
	return p
}

// Prev returns the phase before p, or p itself when p is the first.
func (p Phase) Prev() Phase {
	ps := Phases()
	if i := p.Index(); i > 0 {
		return ps[i-1]
	}
	return p
}

// Instruction is the one-line instruction a participant sees in phase p.
func (p Phase) Instruction() string {
	switch p {
	case PhaseLobby:
		return "Welcome. The session starts soon; read the agenda."
	case PhaseIdeas:
		return "Post your ideas under each topic."
	case PhaseGroup:
		return "The facilitator is grouping similar ideas. Watch the themes form."
	case PhaseVote:
		return "Spend your votes on the ideas and groups that matter most."
	case PhaseDiscuss:
		return "Discuss the focused item and add your comments."
	case PhaseRoadmap:
		return "The draft road map is being built. Comment on what you see."
	case PhaseClosed:
		return "The session is closed. Please rate it and leave feedback."
	}
	return ""
}

// Role is what an actor may do.
type Role string

// The roles.
const (
	RoleFacilitator Role = "facilitator"
	RoleParticipant Role = "participant"
	RoleObserver    Role = "observer"
)

// FacilitatorID is the actor id of every facilitator connection.
const FacilitatorID = "facilitator"

// Actor is who gives a command: a participant by id, or a facilitator.
type Actor struct {
	ID   string
	Role Role
	// Table is the breakout table the viewer sits at (issue 16), set by
	// the hub from the state when it redacts for a participant; Decide
	// ignores it and reads the seat from the state.
	Table string
}

// Viewer is who receives events and snapshots. It is the same shape as an
// Actor: a participant sees their own authorship and votes, a facilitator
// sees everything, an observer sees what any other participant would.
type Viewer = Actor
