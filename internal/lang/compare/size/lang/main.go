// Command lang is none plus quire's internal/lang (whatlanggo and the
// embedded lists), for the binary-size comparison (docs/LANG.md).
package main

import (
	"fmt"
	"os"

	"github.com/quire-archive/quire/internal/lang"
)

func main() { fmt.Println(lang.Detect(os.Args)) }
