package e2e

import (
	"path/filepath"
	"testing"
)

// TestWholeSessionInAzerbaijaniAndRussian is issue 14's end-to-end test: the
// facilitator runs `roundtable host --lang az` (its console in Azerbaijani)
// and takes the session through all seven phases by keys; a participant
// whose locale is Russian (LANG=ru_RU.UTF-8) reads every phase in Russian,
// opens a new idea with т (the n key on a Russian layout) and votes; a
// second participant who names no language reads the session's,
// Azerbaijani. Each screen is read as the terminal shows it.
func TestWholeSessionInAzerbaijaniAndRussian(t *testing.T) {
	const (
		code  = "DILLER14"
		title = "Rəqəmsal Liderlik — dillər"
		idea  = "Единый портал открытых данных 🚀"
	)
	db := filepath.Join(t.TempDir(), "rt.db")
	addr := freeAddr(t)
	con := startTUI(t, termSize{Cols: 120, Rows: 40}, nil, "host", "--lang", "az", "--db", db, "--addr", addr, "--code", code, "--title", title)
	con.waitFor(t, "Sessiyaya qoşulma", startTimeout)
	con.waitFor(t, "--code "+code, stepTimeout)

	ru := startTUI(t, termSize{Cols: 80, Rows: 24}, []string{"LANG=ru_RU.UTF-8"},
		"join", addr, "--code", code, "--name", "Дмитрий Иванов", "--org", "Министерство цифрового развития")
	az := startTUI(t, termSize{Cols: 80, Rows: 24}, nil,
		"join", addr, "--code", code, "--name", "Leyla Həsənli", "--org", "ASAN xidmət")
	ru.waitFor(t, "Регистрация 1/7", startTimeout)
	ru.waitFor(t, "Кто здесь", stepTimeout)
	az.waitFor(t, "Qeydiyyat 1/7", startTimeout)
	con.waitFor(t, "2 iştirakçı · 2 onlayn", stepTimeout)

	// next moves the console to the phase named name (in Azerbaijani),
	// the n-th, as the facilitator does: >, then y to its question.
	next := func(name, n string) {
		t.Helper()
		con.press(">")
		con.waitFor(t, "“"+name+"” mərhələsinə keçilsin?", stepTimeout)
		con.press("y")
		con.waitFor(t, name+" "+n+"/7", stepTimeout)
	}
	// Ideas: the Russian participant opens a new idea with т and posts it.
	next("İdeyalar", "2")
	ru.waitFor(t, "Идеи 2/7", stepTimeout)
	az.waitFor(t, "İdeyalar 2/7", stepTimeout)
	ru.typeText("т")
	ru.waitFor(t, "Новая идея по направлению", stepTimeout)
	ru.typeText(idea)
	ru.waitFor(t, idea, stepTimeout)
	ru.press("enter")
	ru.waitFor(t, "1 идея", stepTimeout)
	con.waitFor(t, idea, stepTimeout)
	az.waitFor(t, idea, stepTimeout)

	next("Qruplaşdırma", "3")
	ru.waitFor(t, "Группировка 3/7", stepTimeout)

	// Voting: a vote with the space bar, counted in Russian.
	next("Səsvermə", "4")
	ru.waitFor(t, "Голосование 4/7", stepTimeout)
	ru.waitFor(t, "Осталось 5 из 5 голосов", stepTimeout)
	ru.press("space")
	ru.waitFor(t, "Осталось 4 из 5 голосов", stepTimeout)
	az.waitFor(t, "Səsvermə 4/7", stepTimeout)

	next("Müzakirə", "5")
	ru.waitFor(t, "Обсуждение 5/7", stepTimeout)
	next("Yol xəritəsi", "6")
	ru.waitFor(t, "Дорожная карта 6/7", stepTimeout)
	next("Yekun", "7")
	ru.waitFor(t, "Итоги 7/7", stepTimeout)
	az.waitFor(t, "Yekun 7/7", stepTimeout)
}
