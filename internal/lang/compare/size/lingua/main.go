// Command lingua is none plus a lingua-go detector of all languages, for
// the binary-size comparison (docs/LANG.md).
package main

import (
	"fmt"
	"os"

	"github.com/pemistahl/lingua-go"
)

func main() {
	d := lingua.NewLanguageDetectorBuilder().FromAllLanguages().WithLowAccuracyMode().Build()
	fmt.Println(d.DetectLanguageOf(os.Args[0]))
}
