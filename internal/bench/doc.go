// Package bench is Roundtable's load generator: it connects N simulated
// participants (real websockets on loopback) and a facilitator to a hub,
// runs a workshop (joins, ideas, grouping, vote bursts, discussion,
// road map, feedback) for a set time, and measures join time, command to
// acknowledgement latency, fan-out latency from commit to the last
// participant, events per second, the hub's CPU and its memory per idle
// connection. In the same run it measures a raw fan-out baseline (one
// pre-encoded frame written to the same connections, with no domain and no
// store) and the durable commit rate with and without group commit.
//
// The hub runs in a child process of the same binary by default (so that
// its CPU and memory are measured apart from the bots'), in this process
// on request, or anywhere with Config.URL. It runs with the settings
// `roundtable host` ships, the 25 s ping included, unless Config.PingPeriod
// asks otherwise.
//
// RunPeer is the side-by-side benchmark (`roundtable bench --peer`): the
// real `roundtable host` and Centrifugo (BuildCentrifugo), each in its own
// process, driven by one raw websocket client (peer_client.go) in
// alternating rounds, reporting connect-all time, fan-out to the last
// subscriber, memory per idle connection and the ratios between the two.
//
// docs/BENCHMARKS.md explains the method and gives the figures.
package bench
