// Command whatlanggo is none plus one call of whatlanggo, for the
// binary-size comparison (docs/LANG.md).
package main

import (
	"fmt"
	"os"

	"github.com/abadojack/whatlanggo"
)

func main() { fmt.Println(whatlanggo.Detect(os.Args[0]).Lang) }
