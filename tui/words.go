package tui

import (
	"fmt"
	"time"

	"roundtable/session"
)

// PhaseName is the phase as people read it: "Ideas".
func PhaseName(p session.Phase) string {
	switch p {
	case session.PhaseLobby:
		return "Lobby"
	case session.PhaseIdeas:
		return "Ideas"
	case session.PhaseGroup:
		return "Grouping"
	case session.PhaseVote:
		return "Voting"
	case session.PhaseDiscuss:
		return "Discussion"
	case session.PhaseRoadmap:
		return "Road map"
	case session.PhaseClosed:
		return "Closed"
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
