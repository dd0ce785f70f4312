package session

// IdeaTopic is the topic an idea is counted and listed under, everywhere
// (the console's tabs, the participant's Ideas view, the wall, the
// export's appendix): while it is in a group, the group's topic, which is
// the topic of the first idea merged into it; otherwise its own. Merging
// ideas from two topics thus moves nothing in the log, and every count
// agrees with where the idea is shown; taken out of its group, the idea is
// under its own topic again.
func (s *State) IdeaTopic(i *Idea) string {
	if i == nil {
		return ""
	}
	if g := s.Groups[i.Group]; i.Group != "" && g != nil {
		return g.Topic
	}
	return i.Topic
}
