package tui

// NoticeLines are the lines above the keys: a question waiting for "y",
// or a refusal or a note, wrapped to at most max lines (the last ending in
// "…" only when even those do not hold it); one empty line when there is
// none.
func (s *Shell) NoticeLines(w, max int) []string {
	st := s.Styles
	text, paint := s.Notice, st.Paint.Notice
	switch {
	case s.Confirm != nil:
		text, paint = s.Confirm.Prompt, st.Paint.Error
	case s.Notice == "":
		return []string{""}
	case s.NoticeErr:
		paint = st.Paint.Error
	}
	lines := s.Cells.Wrap(text, w)
	if len(lines) > max {
		lines = lines[:max]
		lines[max-1] = s.Cells.Truncate(lines[max-1]+" …", w)
	}
	for i := range lines {
		lines[i] = paint(lines[i])
	}
	if len(lines) == 0 {
		return []string{""}
	}
	return lines
}
