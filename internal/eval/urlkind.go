package eval

import (
	"net/url"
	"regexp"
	"strings"
)

// The snippet set says of a page only its URL and whether its text looks
// English. To find families of failing pages, pages are grouped by two
// guesses from the URL; they serve for grouping only, never as figures
// of their own, and never reach the normalizer.
//
//   - URLTLD: the last label of the host ("de", "com", "pl"), a rough
//     stand-in for the language and country of a page.
//   - URLKind: what sort of page the URL's words say it is. The URL is
//     cut into words (host labels and path segments, split at
//     punctuation); the first kind in urlKinds with a word of its list
//     wins, in that order, so a forum thread on a news site is a forum.
//     A page with none of the words but a date in its path (/2019/10/ or
//     /2019-10-31-…) is "dated" (news and blog posts); the rest is
//     "other". The words are the common English, German, French,
//     Spanish, Italian and Polish ones of each kind, chosen before
//     looking at any page's score.

// urlKinds is the ordered list of kinds and the URL words that name them.
var urlKinds = []struct {
	kind  string
	words []string
}{
	{"forum", []string{"forum", "forums", "forumieren", "thread", "threads", "topic", "viewtopic", "showthread", "discussion", "comments", "reviews"}},
	{"recipe", []string{"recipe", "recipes", "rezept", "rezepte", "receta", "recetas", "recette", "recettes", "ricetta", "ricette", "przepis", "przepisy"}},
	{"shop", []string{"shop", "store", "product", "products", "produkt", "produkte", "produkt_kategorien", "collections", "cart", "kaufen", "sklep"}},
	{"wiki", []string{"wiki", "fandom", "lexikon", "glossar", "glossary", "encyclopedia", "enacademic"}},
	{"docs", []string{"docs", "doc", "documentation", "manual", "tutorial", "tutorials", "howto", "ratgeber", "tipps", "anleitung"}},
	{"blog", []string{"blog", "blogs", "blogspot", "wordpress", "hypotheses", "posts", "kolumne", "column"}},
	{"news", []string{"news", "nachrichten", "aktuelles", "aktuell", "artikel", "article", "articles", "presse", "pressemitteilungen", "noticia", "noticias", "actualites", "cronaca", "wiadomosci", "politik", "politics", "politica"}},
}

// urlWord splits a URL's host and path into words.
var urlWord = regexp.MustCompile(`[a-z0-9_]+`)

// datedPath matches a year and month in a path, as news and blog
// software write them.
var datedPath = regexp.MustCompile(`/(19|20)\d\d[/-](0[1-9]|1[0-2])([/-]|$)`)

// parsePageURL parses u, looking through a web.archive.org capture to the
// page it captured.
func parsePageURL(u string) (*url.URL, bool) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return nil, false
	}
	if strings.TrimPrefix(p.Hostname(), "www.") == "web.archive.org" {
		// /web/20110106023242/http://host/path
		parts := strings.SplitN(strings.TrimPrefix(p.Path, "/"), "/", 3)
		if len(parts) == 3 && parts[0] == "web" {
			if inner, ok := parsePageURL(parts[2]); ok {
				return inner, true
			}
		}
	}
	return p, true
}

// URLTLD is the last label of the URL's host, lower case, or "?" when the
// URL has no host.
func URLTLD(u string) string {
	p, ok := parsePageURL(u)
	if !ok {
		return "?"
	}
	h := strings.TrimSuffix(strings.ToLower(p.Hostname()), ".")
	if i := strings.LastIndexByte(h, '.'); i >= 0 {
		h = h[i+1:]
	}
	if h == "" {
		return "?"
	}
	return h
}

// URLKind guesses the kind of page from its URL's words; see above.
func URLKind(u string) string {
	p, ok := parsePageURL(u)
	if !ok {
		return "other"
	}
	words := map[string]bool{}
	for _, w := range urlWord.FindAllString(strings.ToLower(p.Hostname()+" "+p.EscapedPath()), -1) {
		words[w] = true
	}
	for _, k := range urlKinds {
		for _, w := range k.words {
			if words[w] {
				return k.kind
			}
		}
	}
	if datedPath.MatchString(p.Path) {
		return "dated"
	}
	return "other"
}
