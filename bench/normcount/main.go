// Command normcount normalizes every page given to it, a number of times,
// and does nothing else once the pages are read: a driver for counting
// the normalizer's instructions, which do not depend on the machine's
// load as CPU time does (docs/BENCHMARKS.md, "Normalizer speed").
//
// usage: go run ./bench/normcount [-n N] FILE...
//
// With valgrind, the instructions of the whole run, the collector off so
// that the count is the same from run to run (run it once with no files
// for the startup, mostly compiling the rules, and subtract):
//
//	go build -o /tmp/normcount ./bench/normcount
//	GOGC=off GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind \
//	    --callgrind-out-file=/tmp/cg.out /tmp/normcount ../shared/devset/cases/*.txt
//	callgrind_annotate /tmp/cg.out | head
//
// (--toggle-collect on Normalize is not to be trusted: the count can go
// on after it returns, when the goroutine's stack moves. Without
// asyncpreemptoff, callgrind can abort on the runtime's preemption
// signal.)
//
// It prints the pages, bytes and records' total size, so two builds can
// be checked to do the same work.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
)

func main() {
	times := flag.Int("n", 1, "normalize every page `N` times")
	flag.Parse()
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "normcount:", err)
		os.Exit(2)
	}
	var in []normalize.Input
	size := 0
	for _, path := range flag.Args() {
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "normcount:", err)
			os.Exit(2)
		}
		name := filepath.Base(path)
		in = append(in, normalize.Input{ID: strings.TrimSuffix(name, ".txt"), Name: name, Data: b})
		size += len(b)
	}
	out := 0
	for range *times {
		for _, x := range in {
			rec, err := n.Normalize(x)
			if err != nil {
				fmt.Fprintf(os.Stderr, "normcount: %s: %v\n", x.Name, err)
				continue
			}
			line, err := record.Marshal(rec)
			if err != nil {
				fmt.Fprintf(os.Stderr, "normcount: %s: %v\n", x.Name, err)
				os.Exit(2)
			}
			out += len(line)
		}
	}
	fmt.Printf("%d pages, %d bytes, %d times: %d bytes of records\n", len(in), size, *times, out)
}
