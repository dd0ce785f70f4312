package tui

// NoticeLine is the line above the keys: the question waiting for "y", a
// refusal or a note, cut to w cells.
func (s *Shell) NoticeLine(w int) string {
	st := s.Styles
	switch {
	case s.Confirm != nil:
		return st.Paint.Error(s.Cells.Truncate(s.Confirm.Prompt, w))
	case s.Notice == "":
		return ""
	case s.NoticeErr:
		return st.Paint.Error(s.Cells.Truncate(s.Notice, w))
	}
	return st.Paint.Notice(s.Cells.Truncate(s.Notice, w))
}

// NoticeLines are the lines above the keys: a question, or a refusal or a
// note wrapped to at most max lines; one empty line when there is none.
func (s *Shell) NoticeLines(w, max int) []string {
	st := s.Styles
	switch {
	case s.Confirm != nil:
		return []string{st.Paint.Error(s.Cells.Truncate(s.Confirm.Prompt, w))}
	case s.Notice == "":
		return []string{""}
	}
	paint := st.Paint.Notice
	if s.NoticeErr {
		paint = st.Paint.Error
	}
	lines := s.Cells.Wrap(s.Notice, w)
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
