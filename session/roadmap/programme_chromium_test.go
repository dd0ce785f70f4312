package roadmap

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			html := filepath.Join(dir, name+".html")
			png := filepath.Join(dir, name+".png")
			if err := os.WriteFile(html, page, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
				"--enable-logging=stderr", "--v=0", "--window-size=1200,2400",
				"--screenshot="+png, "file://"+html)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("chromium: %v\n%s", err, out)
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, "CONSOLE") || strings.Contains(line, "Refused to") || strings.Contains(line, "Uncaught") {
					t.Errorf("console message: %s", line)
				}
			}
			if fi, err := os.Stat(png); err != nil || fi.Size() < 20_000 {
				t.Fatalf("screenshot missing or blank: %v", err)
			}
		})
	}
}
