package lang

// latinKey maps each letter of a standard layout to the character its key
// gives on a US QWERTY layout, unshifted and shifted alike.
//
// Russian: the standard ЙЦУКЕН layout (Windows "Russian", X11 "ru"), its 33
// letters with ё on the ` key. Azerbaijani: the Latin layout of the 2010
// national standard (Windows "Azerbaijani Latin", KBDAZEL, and X11 "az"):
// ü sits on W, İ is shift+i, and ö ğ ı ə ç ş sit on [ ] ; ' , . — mapped
// too, by the same rule as the Russian х ъ ж э б ю, so a shortcut on those
// keys works on either layout. The upper-case I of that layout (shift+;) is
// ASCII and left alone. Windows 8.1's later "Azerbaijani (Standard)" layout
// places letters differently and is not mapped: terminals that report the
// base key (BaseCode in the kitty protocol) need no table at all.
var latinKey = map[rune]rune{
	// Russian, top row
	'й': 'q', 'ц': 'w', 'у': 'e', 'к': 'r', 'е': 't', 'н': 'y', 'г': 'u', 'ш': 'i', 'щ': 'o', 'з': 'p', 'х': '[', 'ъ': ']',
	'Й': 'Q', 'Ц': 'W', 'У': 'E', 'К': 'R', 'Е': 'T', 'Н': 'Y', 'Г': 'U', 'Ш': 'I', 'Щ': 'O', 'З': 'P', 'Х': '{', 'Ъ': '}',
	// home row
	'ф': 'a', 'ы': 's', 'в': 'd', 'а': 'f', 'п': 'g', 'р': 'h', 'о': 'j', 'л': 'k', 'д': 'l', 'ж': ';', 'э': '\'',
	'Ф': 'A', 'Ы': 'S', 'В': 'D', 'А': 'F', 'П': 'G', 'Р': 'H', 'О': 'J', 'Л': 'K', 'Д': 'L', 'Ж': ':', 'Э': '"',
	// bottom row, and ё left of 1
	'я': 'z', 'ч': 'x', 'с': 'c', 'м': 'v', 'и': 'b', 'т': 'n', 'ь': 'm', 'б': ',', 'ю': '.', 'ё': '`',
	'Я': 'Z', 'Ч': 'X', 'С': 'C', 'М': 'V', 'И': 'B', 'Т': 'N', 'Ь': 'M', 'Б': '<', 'Ю': '>', 'Ё': '~',

	// Azerbaijani Latin
	'ü': 'w', 'Ü': 'W', 'İ': 'I',
	'ö': '[', 'Ö': '{', 'ğ': ']', 'Ğ': '}',
	'ı': ';', 'ə': '\'', 'Ə': '"',
	'ç': ',', 'Ç': '<', 'ş': '.', 'Ş': '>',
}

// KeyOnLatinLayout returns the character the same key gives on a US QWERTY
// layout for a letter typed on the Russian or Azerbaijani layout: т → n,
// ü → w. It reports false for anything else, ASCII included, which needs no
// mapping. Shortcut matching uses it when the terminal does not report the
// base key; text input never does.
func KeyOnLatinLayout(r rune) (rune, bool) {
	k, ok := latinKey[r]
	return k, ok
}
