package vtscreen

import (
	"testing"

	"github.com/charmbracelet/x/vt"
)

func TestText(t *testing.T) {
	emu := vt.NewEmulator(12, 3)
	emu.Write([]byte("Şəffaflıq\r\n🚀 ok  \r\n"))
	want := "Şəffaflıq\n🚀 ok\n"
	if got := Text(emu); got != want {
		t.Fatalf("Text = %q, want %q", got, want)
	}
}
