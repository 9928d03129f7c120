package lang_test

import (
	"fmt"

	"github.com/quire-archive/quire/internal/lang"
)

// The classifier's use: detect the document's language once, then count
// every line with that language's list.
func Example() {
	lines := []string{
		"Home", "Newsletter", "Login", // an English menu: too short to be sampled
		// und, waren, als, sich, auf, das, vor, der: 8 stop words of 16
		"Touristen und Börsenhändler waren überrascht, als sich plötzlich Gestalten auf das Pflaster vor der Börse warfen.",
		"Die Klimaaktivisten der Gruppe wollten damit auf die Verbindung zwischen den Banken und dem Klima hinweisen.",
	}
	l := lang.Detect(lines)
	set := l.Stopwords()
	fmt.Println("language:", l)
	for _, line := range lines[2:4] {
		units, stops := lang.Count(line, set)
		fmt.Printf("%d units, %d stop words\n", units, stops)
	}
	units, stops := lang.Count("我们的生活", lang.Lang("zh").Stopwords())
	fmt.Printf("zh: %d units, %d stop\n", units, stops)
	fmt.Println("unsure:", lang.Detect([]string{"Impressum", "Kontakt"}), lang.Unsure.Stopwords() == lang.Fallback())
	// Output:
	// language: de
	// 1 units, 0 stop words
	// 16 units, 8 stop words
	// zh: 3 units, 2 stop
	// unsure: unsure true
}
