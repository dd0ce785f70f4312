// Package tuitest is the test support the apps' tests share: FakeConn, a
// hub and a connection in one that decides commands with session.Decide,
// the reference workshop (NewFixture) taken up to any phase, and helpers
// to pump news into a model, press keys and check that a screen fits.
package tuitest
