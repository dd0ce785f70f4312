package sshd

import "roundtable/internal/privfile"

// ForgetSession removes from the participants file at storePath every
// entry of the session with join code code: the SSH key fingerprints and
// rejoin codes of its participants, with their resume tokens. It returns
// how many entries it removed; a missing file has none. `roundtable purge`
// calls it, so that nothing of a purged session is left beside the
// database. A server running for another session keeps the removal: it
// writes only its own session's entries (participantStore.write).
func ForgetSession(storePath, code string) (int, error) {
	r, err := readRemembered(storePath)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range []map[string]resumeEntry{r.Keys, r.Rejoin} {
		for k, e := range m {
			if e.Code == code {
				delete(m, k)
				n++
			}
		}
	}
	if n == 0 {
		return 0, nil
	}
	return n, privfile.WriteJSON(storePath, r)
}

// othersFrom makes mine's entries of sessions other than code those of
// disk, the file as it is now: what another process removed stays removed,
// what it added is kept.
func othersFrom(mine, disk map[string]resumeEntry, code string) {
	for k, e := range mine {
		if _, ok := disk[k]; !ok && e.Code != code {
			delete(mine, k)
		}
	}
	for k, e := range disk {
		if e.Code != code {
			mine[k] = e
		}
	}
}
