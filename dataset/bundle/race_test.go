//go:build race

package bundle

// raceSlowdown scales time bounds of tests under the race detector.
const raceSlowdown = 10
