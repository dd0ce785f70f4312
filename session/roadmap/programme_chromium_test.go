package roadmap

import (
	"os/exec"
	"testing"

	"roundtable/lang"
)

// TestProgrammeHTMLOpensInChromium opens the programme's page (the
// reference programme in each language, and the hostile one) in headless
// Chromium at 1200 pixels wide and fails on any console message or an
// empty screenshot. It is skipped where Chromium is not installed.
func TestProgrammeHTMLOpensInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	pages := map[string][]byte{
		"hostile": renderProgramme(t, BuildProgramme("<p>", hostileProgramme(t, true), Options{Generated: generated}), FormatHTML),
	}
	for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
		r := BuildProgramme("digital.leadership", referenceProgramme(t).records(), Options{Generated: generated, Printer: lang.New(tag)})
		pages["programme_"+string(tag)] = renderProgramme(t, r, FormatHTML)
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) { chromiumShows(t, bin, name, page, "1200,2400") })
	}
}
