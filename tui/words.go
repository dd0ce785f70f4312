package tui

import (
	"fmt"
	"time"

	"roundtable/lang"
	"roundtable/session"
)

// PhaseName is the phase as people read it, in the language of l:
// "Ideas", "İdeyalar", "Идеи".
func PhaseName(l *lang.Printer, p session.Phase) string {
	switch p {
	case session.PhaseLobby:
		return l.S("tui.phase.lobby")
	case session.PhaseIdeas:
		return l.S("tui.phase.ideas")
	case session.PhaseGroup:
		return l.S("tui.phase.group")
	case session.PhaseVote:
		return l.S("tui.phase.vote")
	case session.PhaseDiscuss:
		return l.S("tui.phase.discuss")
	case session.PhaseRoadmap:
		return l.S("tui.phase.roadmap")
	case session.PhaseClosed:
		return l.S("tui.phase.closed")
	}
	return string(p)
}

// Clock formats a duration as 04:32 or 1:04:32, rounding up so that it
// reads 00:00 only when the time is up.
func Clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64((d + time.Second - 1) / time.Second)
	h, mnt, sec := s/3600, s/60%60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, mnt, sec)
	}
	return fmt.Sprintf("%02d:%02d", mnt, sec)
}

// PhaseInstruction says what a participant does in phase p, in l's
// language: the participant's header and the wall show it.
func PhaseInstruction(l *lang.Printer, p session.Phase) string {
	switch p {
	case session.PhaseLobby:
		return l.S("tui.instruction.lobby")
	case session.PhaseIdeas:
		return l.S("tui.instruction.ideas")
	case session.PhaseGroup:
		return l.S("tui.instruction.group")
	case session.PhaseVote:
		return l.S("tui.instruction.vote")
	case session.PhaseDiscuss:
		return l.S("tui.instruction.discuss")
	case session.PhaseRoadmap:
		return l.S("tui.instruction.roadmap")
	case session.PhaseClosed:
		return l.S("tui.instruction.closed")
	}
	return ""
}
