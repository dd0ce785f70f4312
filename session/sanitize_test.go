package session_test

import (
	"strings"
	"testing"

	"roundtable/session"
)

func TestSanitize(t *testing.T) {
	tests := map[string]struct {
		in          string
		single      string // Sanitize(in, false)
		multi       string // Sanitize(in, true)
		multiDiffer bool   // multi is set; otherwise it equals single
	}{
		"plain text":              {in: "Open data portal", single: "Open data portal"},
		"CSI colour":              {in: "\x1b[1;31mbold red\x1b[0m text", single: "bold red text"},
		"CSI 256 and true colour": {in: "\x1b[38;5;196mA\x1b[48;2;10;20;30mB\x1b[m", single: "AB"},
		"cursor moves and erase":  {in: "a\x1b[2Ab\x1b[10;20Hc\x1b[K\x1b[2J", single: "abc"},
		"private modes":           {in: "\x1b[?25lno cursor\x1b[?1049h", single: "no cursor"},
		"unterminated CSI":        {in: "abc\x1b[31", single: "abc"},
		"CSI cut by a control":    {in: "a\x1b[3\nb", single: "a b", multi: "a\nb", multiDiffer: true},
		"lone ESC at the end":     {in: "abc\x1b", single: "abc"},
		"ESC ESC":                 {in: "a\x1b\x1b[31mb", single: "ab"},
		"ESC before a letter":     {in: "a\x1bəb", single: "aəb"},
		"two-byte escapes":        {in: "\x1bcreset\x1b7save\x1b8 \x1b(Bascii\x1b=", single: "resetsave ascii"},
		"OSC title, BEL":          {in: "\x1b]0;evil title\x07ok", single: "ok"},
		"OSC title, ST":           {in: "\x1b]2;evil\x1b\\ok", single: "ok"},
		"OSC 8 hyperlink, ST": {
			in:     "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ here",
			single: "click here",
		},
		"OSC 8 hyperlink, BEL":     {in: "\x1b]8;;http://x\x07link\x1b]8;;\x07", single: "link"},
		"OSC 52 clipboard":         {in: "\x1b]52;c;cm0gLXJmIC8K\x07x", single: "x"},
		"OSC cut by another CSI":   {in: "\x1b]0;title\x1b[31mred", single: "red"},
		"unterminated OSC":         {in: "ok\x1b]0;title never ends", single: "ok"},
		"DCS sixel":                {in: "\x1bPq#0;2;0;0;0#0~~\x1b\\pic", single: "pic"},
		"APC, PM and SOS":          {in: "\x1b_apc\x1b\\a\x1b^pm\x1b\\b\x1bXsos\x1b\\c", single: "abc"},
		"C1 CSI":                   {in: "\u009b31mred\u009b0m", single: "red"},
		"C1 OSC ended by C1 ST":    {in: "\u009d0;title\u009cok", single: "ok"},
		"C1 DCS ended by BEL":      {in: "\u0090data\x07ok", single: "ok"},
		"C1 controls":              {in: "a\u0085b\u008ec\u0080d\u0099e", single: "abcde"},
		"C0 controls and DEL":      {in: "a\x07b\x08c\x00d\x7fe\x0cf\x1ag", single: "abcdefg"},
		"raw C1 bytes are invalid": {in: "a\x9b31mb", single: "a31mb"},
		"invalid UTF-8 dropped":    {in: "a\xffb\xc3\x28c", single: "ab(c"},
		"bidi overrides":           {in: "abc\u202edcba\u202c \u2066iso\u2069 \u202aL\u202bR\u202d", single: "abcdcba iso LR"},
		"carriage return alone": {
			in: "progress\rOVERWRITE", single: "progress OVERWRITE", multi: "progress\nOVERWRITE", multiDiffer: true,
		},
		"CRLF": {in: "a\r\nb", single: "a b", multi: "a\nb", multiDiffer: true},
		"tabs": {in: "a\tb\t\tc", single: "a b  c"},
		"newlines": {
			in: "first\nsecond\n\nthird", single: "first second  third", multi: "first\nsecond\n\nthird", multiDiffer: true,
		},
		"trailing spaces on lines": {
			in: "  a  \n  b  \n\n", single: "a     b", multi: "a\n  b", multiDiffer: true,
		},
		"only escapes and space": {in: " \x1b[0m\t\n\x1b]0;x\x07 ", single: ""},
		"Azerbaijani":            {in: "Rəqəmsal inkişaf, Şəffaflıq", single: "Rəqəmsal inkişaf, Şəffaflıq"},
		"Russian":                {in: "Координация", single: "Координация"},
		"emoji":                  {in: "🚀 👩🏽‍💻", single: "🚀 👩🏽‍💻"},
		"emoji ZWJ sequence":     {in: "👨‍👩‍👧‍👦 family", single: "👨‍👩‍👧‍👦 family"},
		"combining marks":        {in: "e\u0301 n\u0303", single: "e\u0301 n\u0303"},
		"right-to-left script":   {in: "رقمي 数字化", single: "رقمي 数字化"},
		"coloured Azerbaijani":   {in: "\x1b[32mŞəffaflıq\x1b[0m 🚀", single: "Şəffaflıq 🚀"},
		"Azerbaijani letters":    {in: "Ə ə Ş ş Ç ç Ğ ğ İ ı Ö ö Ü ü", single: "Ə ə Ş ş Ç ç Ğ ğ İ ı Ö ö Ü ü"},
		"Russian sentence":       {in: "Единое окно для всех госуслуг, ёлки!", single: "Единое окно для всех госуслуг, ёлки!"},

		// invisible characters: the terminal and the TUI disagree on
		// their width, or they hide text; they go
		"LRM, RLM and ALM":                {in: "a\u200eb\u200fc\u061cd", single: "abcd"},
		"bidi embeddings and isolates":    {in: "\u202aa\u202bb\u202cc\u2066d\u2067e\u2068f\u2069", single: "abcdef"},
		"zero-width space":                {in: "Open\u200bdata", single: "Opendata"},
		"word joiner and invisible maths": {in: "a\u2060b\u2061c\u2062d\u2063e\u2064f", single: "abcdef"},
		"byte order mark":                 {in: "\ufeffRəqəmsal\ufeff inkişaf", single: "Rəqəmsal inkişaf"},
		"soft hyphen":                     {in: "Rəqəm\u00adsal", single: "Rəqəmsal"},
		"Hangul fillers":                  {in: "\u3164\u115f\u1160name\uffa0", single: "name"},
		"combining grapheme joiner":       {in: "a\u034fb", single: "ab"},
		"Mongolian vowel separator":       {in: "a\u180eb", single: "ab"},
		"deprecated format controls":      {in: "a\u206ab\u206fc", single: "abc"},
		"interlinear annotation":          {in: "a\ufff9b\ufffac\ufffb", single: "abc"},
		"line separator": {
			in: "first\u2028second", single: "first second", multi: "first\nsecond", multiDiffer: true,
		},
		"paragraph separator": {
			in: "first\u2029second", single: "first second", multi: "first\nsecond", multiDiffer: true,
		},
		"separators at the ends": {in: "\u2028 text \u2029", single: "text"},
		"tag characters":         {in: "a\U000e0001\U000e0068\U000e0069b\U000e007f", single: "ab"},
		"tags after a letter":    {in: "x\U000e0067\U000e0062\U000e007f", single: "x"},
		"subdivision flag kept": {
			in:     "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",
			single: "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",
		},
		"unterminated flag tags":        {in: "🏴\U000e0067\U000e0062 x", single: "🏴 x"},
		"ZWJ alone":                     {in: "\u200dstart a\u200d b \u200dend\u200d", single: "start a b end"},
		"ZWJ between letters":           {in: "क्\u200dष", single: "क्\u200dष"},
		"ZWJ after a space":             {in: "a \u200d💻", single: "a 💻"},
		"ZWJ at the end":                {in: "👩\u200d", single: "👩"},
		"ZWJ before a bad byte":         {in: "👩\u200d\xff💻", single: "👩💻"},
		"two ZWJs":                      {in: "👩\u200d\u200d💻", single: "👩\u200d💻"},
		"ZWJ before a digit":            {in: "👩\u200d7", single: "👩7"},
		"ZWNJ between letters":          {in: "می\u200cخواهم", single: "می\u200cخواهم"},
		"ZWNJ elsewhere":                {in: "\u200ca \u200cb\u200c 👩\u200c💻", single: "a b 👩💻"},
		"emoji presentation":            {in: "✍\ufe0f ❤\ufe0f 1\ufe0f\u20e3 #\ufe0f\u20e3 ℹ\ufe0f", single: "✍\ufe0f ❤\ufe0f 1\ufe0f\u20e3 #\ufe0f\u20e3 ℹ\ufe0f"},
		"text presentation":             {in: "☺\ufe0e", single: "☺\ufe0e"},
		"emoji selector after a letter": {in: "a\ufe0fb\ufe0e", single: "ab"},
		"stray variation selectors":     {in: "\ufe0fx \ufe0f ✍\ufe0f\ufe0f", single: "x  ✍\ufe0f"},
		"ideographic variation":         {in: "葛\U000e0100", single: "葛\U000e0100"},
		"ideographic variation stray":   {in: " \U000e0100x", single: "x"},
		"Mongolian free variation":      {in: "ᠠ\u180b", single: "ᠠ\u180b"},
		"invisible-only name":           {in: "\u200b\u200e\u3164\ufeff", single: ""},
		"emoji families and skin tones": {in: "👩🏽\u200d💻 👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 ❤\ufe0f\u200d🔥", single: "👩🏽\u200d💻 👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 ❤\ufe0f\u200d🔥"},
		"flags":                         {in: "🇦🇿 🇷🇺", single: "🇦🇿 🇷🇺"},
		"hidden inside Azerbaijani":     {in: "Şə\u200bffaf\u200flıq Ə\u2060ə", single: "Şəffaflıq Əə"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := session.Sanitize(tc.in, false); got != tc.single {
				t.Errorf("single line: %q, want %q", got, tc.single)
			}
			want := tc.single
			if tc.multiDiffer {
				want = tc.multi
			}
			if got := session.Sanitize(tc.in, true); got != want {
				t.Errorf("multi-line: %q, want %q", got, want)
			}
		})
	}
}

func TestSanitizeKeepsTheZeroWidthJoiner(t *testing.T) {
	in := "👩🏽‍💻"
	if !strings.Contains(in, "\u200d") {
		t.Fatal("the test emoji has no ZWJ")
	}
	if got := session.Sanitize(in, false); got != in {
		t.Fatalf("%q, want %q unchanged", got, in)
	}
}

func TestClean(t *testing.T) {
	tests := map[string]struct {
		in        string
		max       int
		multiline bool
		required  bool
		want      string
		wantCode  string
	}{
		"clean text":                {in: " Şəffaflıq ", max: 10, required: true, want: "Şəffaflıq"},
		"length counts characters":  {in: strings.Repeat("я", 10), max: 10, required: true, want: strings.Repeat("я", 10)},
		"over the limit":            {in: strings.Repeat("я", 11), max: 10, required: true, wantCode: session.EINVALID},
		"escapes do not count":      {in: "\x1b[31m" + strings.Repeat("a", 10) + "\x1b[0m", max: 10, want: strings.Repeat("a", 10)},
		"emoji count as characters": {in: "🚀🚀", max: 2, want: "🚀🚀"},
		"invalid UTF-8":             {in: "ok\xff", max: 10, wantCode: session.EINVALID},
		"surrogate half":            {in: "\xed\xa0\x80", max: 10, wantCode: session.EINVALID},
		"empty but required":        {in: "\x1b[0m ", max: 10, required: true, wantCode: session.EINVALID},
		"empty and optional":        {in: "\x1b[0m ", max: 10, want: ""},
		"multi-line kept":           {in: "a\nb", max: 10, multiline: true, want: "a\nb"},
		"single line joined":        {in: "a\nb", max: 10, want: "a b"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := session.Field{Name: "idea", Max: tc.max, Multiline: tc.multiline, Required: tc.required}.Clean(tc.in)
			if code := session.ErrorCode(err); code != tc.wantCode {
				t.Fatalf("code %q (%v), want %q", code, err, tc.wantCode)
			}
			if err != nil {
				if !strings.Contains(session.ErrorMessage(err), "idea") {
					t.Errorf("message %q does not name the field", session.ErrorMessage(err))
				}
				return
			}
			if got != tc.want {
				t.Fatalf("%q, want %q", got, tc.want)
			}
		})
	}
}
