package roadmap

import (
	"strings"
	"testing"
	"time"

	"roundtable/lang"
	"roundtable/session"
)

// TestExportSaysWhenMadeAndLastChanged: "generated" is the time of the
// export, passed in; the session's last change is the time of its last
// event, from the state, and stays when the same state is exported later.
// Markdown, HTML and JSON say both; CSV holds rows only, as before.
func TestExportSaysWhenMadeAndLastChanged(t *testing.T) {
	f := workshop(t, true)
	last := f.log[len(f.log)-1].At
	later := last.Add(26 * time.Hour)
	for _, at := range []time.Time{generated, later} {
		r := Build(f.s, Options{Generated: at})
		if !r.Session.Generated.Equal(at) || !r.Session.LastChange.Equal(last) {
			t.Fatalf("generated %v, last change %v; want %v and %v", r.Session.Generated, r.Session.LastChange, at, last)
		}
	}
	r := Build(f.s, Options{Generated: later, Printer: lang.New(lang.EN)})
	p := lang.New(lang.EN)
	made, changed := stamp(p, later), stamp(p, last)
	for _, format := range []string{FormatMarkdown, FormatHTML} {
		out := string(render(t, r, format))
		if !strings.Contains(out, "generated "+made) && !strings.Contains(out, "Generated "+made) {
			t.Errorf("%s does not say it was generated %s", format, made)
		}
		if !strings.Contains(out, "ast change "+changed) {
			t.Errorf("%s does not say the last change was %s", format, changed)
		}
	}
	js := string(render(t, r, FormatJSON))
	if !strings.Contains(js, `"last_change_at": "`+last.Format(time.RFC3339)+`"`) || !strings.Contains(js, `"generated_at": "`+later.Format(time.RFC3339)+`"`) {
		t.Errorf("the JSON lacks the two times:\n%.600s", js)
	}
	if r := Build(session.NewState("empty"), Options{Generated: later}); !r.Session.LastChange.IsZero() {
		t.Errorf("a session with no events has last change %v", r.Session.LastChange)
	}
}
