package main

import "os"

// isTerminal reports whether f is a character device, which is what a
// terminal is. It errs towards "not a terminal", which only means no
// progress bar and no colour.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
