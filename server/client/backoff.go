package client

import (
	"math/rand/v2"
	"time"
)

// backoff returns the delay before reconnect attempt n (1 for the first):
// uniformly random between lo and a ceiling that doubles with every
// attempt (2·lo for the first) up to hi, so a roomful of clients that
// lost the hub together come back spread out.
func backoff(n int, lo, hi time.Duration) time.Duration {
	ceil := lo
	for i := 0; i < n && ceil < hi; i++ {
		ceil *= 2
	}
	if ceil > hi {
		ceil = hi
	}
	if ceil <= lo {
		return lo
	}
	return lo + rand.N(ceil-lo+1)
}
