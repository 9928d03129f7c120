// Command none is the baseline of the binary-size comparison: a program
// that prints, and nothing else (see ../../main.go and docs/LANG.md).
package main

import (
	"fmt"
	"os"
)

func main() { fmt.Println(len(os.Args)) }
