package normalize

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/quire-archive/quire/internal/lang"
)

func TestDebugStamps(t *testing.T) {
	path := os.Getenv("STAMPS")
	if path == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(path)
	n := newNormalizer(t)
	for i, l := range strings.Split(string(data), "\n") {
		if l == "" {
			continue
		}
		f := n.measure(newLineInfo(l), lang.Lang("en").Stopwords())
		if f.stamp || f.comment {
			fmt.Println(i+1, f.stamp, f.comment, l)
		}
	}
}
