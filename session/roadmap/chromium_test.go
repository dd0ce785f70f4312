package roadmap

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roundtable/lang"
)

// TestHTMLOpensInChromium renders the workshop and the hostile session in
// headless Chromium and fails on any console message (a script error, a
// blocked load, a CSP violation) or an empty screenshot. It is skipped where
// Chromium is not installed (.ci/run installs it when it can).
func TestHTMLOpensInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	pages := map[string][]byte{}
	var b bytes.Buffer
	if err := HTML(&b, Build(workshop(t, false).s, Options{Generated: generated})); err != nil {
		t.Fatal(err)
	}
	pages["workshop"] = append([]byte(nil), b.Bytes()...)
	b.Reset()
	if err := HTML(&b, Build(hostileSession(t, true), Options{Generated: generated})); err != nil {
		t.Fatal(err)
	}
	pages["hostile"] = append([]byte(nil), b.Bytes()...)
	for _, tag := range []lang.Tag{lang.AZ, lang.RU} {
		b.Reset()
		if err := HTML(&b, Build(workshop(t, false).s, Options{Generated: generated, Printer: lang.New(tag)})); err != nil {
			t.Fatal(err)
		}
		pages["workshop_"+string(tag)] = append([]byte(nil), b.Bytes()...)
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) { chromiumShows(t, bin, name, page, "1240,1754") })
	}
}

// chromiumShows opens page in headless Chromium (bin) at the window size
// given ("1240,1754"), takes a screenshot and fails on a console message
// (a script, a refused resource under the page's policy) or a blank page.
func chromiumShows(t *testing.T, bin, name string, page []byte, size string) {
	t.Helper()
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
		"--enable-logging=stderr", "--v=0", "--window-size="+size,
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
}
