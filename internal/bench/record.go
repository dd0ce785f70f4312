package bench

import "sync/atomic"

// receipt is when the participants received one event (or one raw frame):
// how many did, the first and the last time (Unix nanoseconds).
type receipt struct {
	n           atomic.Int32
	first, last atomic.Int64
}

func (r *receipt) add(at int64) {
	r.n.Add(1)
	for {
		old := r.last.Load()
		if old >= at || r.last.CompareAndSwap(old, at) {
			break
		}
	}
	for {
		old := r.first.Load()
		if (old != 0 && old <= at) || r.first.CompareAndSwap(old, at) {
			break
		}
	}
}

// recorder collects receipts by sequence number and by raw round. Its
// size is fixed when it is made: receipts beyond it are counted, not kept.
type recorder struct {
	events    []receipt
	raws      []receipt
	untracked atomic.Int64
}

func newRecorder(seqs, raws int) *recorder {
	return &recorder{events: make([]receipt, seqs), raws: make([]receipt, raws)}
}

func (r *recorder) event(seq int64, at int64) {
	if seq < 0 || seq >= int64(len(r.events)) {
		r.untracked.Add(1)
		return
	}
	r.events[seq].add(at)
}

func (r *recorder) raw(round int64, at int64) {
	if round < 0 || round >= int64(len(r.raws)) {
		r.untracked.Add(1)
		return
	}
	r.raws[round].add(at)
}

// seen returns how many participants received event seq.
func (r *recorder) seen(seq int64) int {
	if seq < 0 || seq >= int64(len(r.events)) {
		return 0
	}
	return int(r.events[seq].n.Load())
}
