package lang

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Prose of a few languages, a sentence or two each, as an article gives
// them (written for these tests).
var prose = map[Lang][]string{
	"de": {
		"Touristen und Börsenhändler waren überrascht, als sich plötzlich Gestalten auf das Pflaster vor der Börse warfen.",
		"Die Klimaaktivisten der Gruppe wollten damit auf die Verbindung zwischen den Banken und dem Klima hinweisen.",
		"Weltweit finanzieren Banken und Investoren Unternehmungen, die dem Klima schaden, und das seit vielen Jahren.",
	},
	"en": {
		"The council said on Tuesday that the bridge would stay closed until the repairs were finished in the spring.",
		"Residents who live on the other side of the river have to drive for almost an hour to reach the town centre.",
		"It is not clear how much the work will cost, but the mayor said that it was the only safe thing to do.",
	},
	"fr": {
		"Le conseil municipal a annoncé mardi que le pont resterait fermé jusqu'à la fin des travaux au printemps.",
		"Les habitants qui vivent de l'autre côté de la rivière doivent faire un long détour pour aller en ville.",
	},
	"es": {
		"El ayuntamiento anunció el martes que el puente seguirá cerrado hasta que terminen las obras en primavera.",
		"Los vecinos que viven al otro lado del río tienen que conducir casi una hora para llegar al centro de la ciudad.",
	},
	"pl": {
		"Rada miasta poinformowała we wtorek, że most pozostanie zamknięty do czasu zakończenia prac na wiosnę.",
		"Mieszkańcy, którzy mieszkają po drugiej stronie rzeki, muszą jechać prawie godzinę, aby dostać się do centrum.",
	},
	"zh": {
		"市议会星期二表示，这座桥将一直关闭到春天维修工程完成为止，河对岸的居民需要开车将近一个小时才能到达市中心。",
		"市长说，虽然目前还不清楚这项工程的费用是多少，但是这是唯一安全的做法，我们必须保护大家的生命。",
	},
	"ja": {
		"市議会は火曜日、春に修理が終わるまで橋を閉鎖すると発表しました。川の向こう側に住んでいる人たちは、町の中心まで車で一時間近くかかります。",
		"市長は、工事の費用はまだわからないが、それが唯一の安全な方法だと言いました。",
	},
}

func TestDetectProse(t *testing.T) {
	for want, lines := range prose {
		if got := Detect(lines); got != want {
			t.Errorf("Detect(%s prose) = %s", want, got)
		}
	}
}

// TestDetectIgnoresShortLines: an English menu, buttons and cookie
// labels around a German article do not change its language, however
// many there are.
func TestDetectIgnoresShortLines(t *testing.T) {
	var lines []string
	for range 200 {
		lines = append(lines, "Home", "News", "Sign in", "Subscribe to our newsletter", "Accept all cookies")
	}
	lines = append(lines, prose["de"]...)
	if got := Detect(lines); got != "de" {
		t.Errorf("German article in an English menu: %s, want de", got)
	}
}

// TestDetectUnsure: what is not running text in one language gets no
// language.
func TestDetectUnsure(t *testing.T) {
	for name, lines := range map[string][]string{
		"nothing":     nil,
		"short lines": {"Home", "Über uns", "Kontakt", "Impressum"},
		"style sheet": {
			".article-body p { margin: 0 0 1.2em; font-family: Georgia, serif; line-height: 1.6; }",
			".nav-menu > li > a:hover { color: #c00; text-decoration: underline; border-bottom: 1px solid; }",
		},
		"numbers": {"12.03.2024 14:55 | 3.451,20 EUR | 17 % | 1.204 | 9.871 | 0,44 | 12.998 | 77"},
		"names": {
			"Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann",
			"Koch, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger",
		},
		"one sentence": {"Die Sonne scheint heute in der Stadt."},
	} {
		if got := Detect(lines); got != Unsure {
			t.Errorf("%s: %s, want unsure", name, got)
		}
	}
}

// TestSamplerBounded: the sampler keeps the SampleLines longest lines,
// the earlier of equal ones, in document order, each cut at
// SampleLineBytes on a character boundary.
func TestSamplerBounded(t *testing.T) {
	var s Sampler
	var want []string
	for i := range 100 {
		line := fmt.Sprintf("%03d %s", i, strings.Repeat("x", 40+i%10))
		s.Add(line)
		if i%10 == 9 && len(want) < SampleLines {
			want = append(want, line) // the first lines of the longest length
		}
	}
	if got := s.Sample(); !slices.Equal(got, want) {
		t.Errorf("sample:\n%q\nwant\n%q", got, want)
	}
	s = Sampler{}
	long := strings.Repeat("é", SampleLineBytes) // 2 bytes each
	s.Add(long + "x")
	got := s.Sample()
	if len(got) != 1 || len(got[0]) > SampleLineBytes || !strings.HasPrefix(long, got[0]) || len(got[0]) < SampleLineBytes-1 {
		t.Errorf("cut line: %d bytes %q", len(got[0]), got[0])
	}
}
