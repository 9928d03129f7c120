package gen

import (
	"fmt"
	"strings"
)

// Family is a kind of page furniture a normalizer must remove.
type Family string

// The boilerplate families. The record generator uses "boilerplate:" +
// the family as the rule id of removed lines.
const (
	Browser    Family = "browser"    // "IE 11 is not supported…", "Please enable JavaScript…"
	Newsletter Family = "newsletter" // "Sign up for the … newsletter"
	Nav        Family = "nav"        // runs of short Title Case menu lines
	Masthead   Family = "masthead"   // a header line, then "Role:" lines
	Caption    Family = "caption"    // photo captions with credits
	Share      Family = "share"      // "Share this article", "Tweet", …
	Cookie     Family = "cookie"     // cookie consent notices
	Ad         Family = "ad"         // "Advertisement" markers
	Copyright  Family = "copyright"  // "© 2019 … All Rights Reserved."
	Related    Family = "related"    // "Read more: …", "Related: …"
	Comments   Family = "comments"   // comment-section furniture
)

// Families returns every family in a fixed order.
func Families() []Family {
	return []Family{Browser, Newsletter, Nav, Masthead, Caption, Share, Cookie, Ad, Copyright, Related, Comments}
}

// Rate is the probability that a document contains at least one piece of
// family f. The rates are rough figures for English news pages as
// scraped (see the dev set in shared/devset).
func (f Family) Rate() float64 {
	switch f {
	case Browser:
		return 0.08
	case Newsletter:
		return 0.25
	case Nav:
		return 0.30
	case Masthead:
		return 0.05
	case Caption:
		return 0.35
	case Share:
		return 0.30
	case Cookie:
		return 0.10
	case Ad:
		return 0.20
	case Copyright:
		return 0.30
	case Related:
		return 0.30
	case Comments:
		return 0.15
	}
	return 0
}

// Where a block goes in the document.
type place uint8

const (
	atTop     place = iota // before the headline
	afterHead              // between headline (standfirst, byline) and body
	inBody                 // between two body paragraphs
	atBottom               // after the body
)

// boiler makes the blocks of family f. Each family's generator draws only
// from r, so the family mix of a document does not depend on its size.
func (w *writer) boiler(f Family) []block {
	r := w.r
	b := func(p place, lines ...string) block {
		return block{kind: kBoiler, fam: f, at: p, lines: lines}
	}
	switch f {
	case Browser:
		msgs := []string{
			"IE 11 is not supported. For an optimal experience visit our site on another browser.",
			"Please enable JavaScript to view the comments powered by Disqus.",
			"You need to enable JavaScript to run this app.",
			"Your browser is out of date. Please update your browser to view this website correctly.",
			"We’ve detected that JavaScript is disabled in this browser. Please enable JavaScript or switch to a supported browser to continue.",
			"This site works best with JavaScript enabled.",
		}
		m := w.apos(pick(r, msgs))
		if strings.Contains(m, "Disqus") {
			return []block{b(atBottom, m)}
		}
		return []block{b(atTop, m)}
	case Newsletter:
		site, nl := pick(r, siteNames[:]), pick(r, newsletterNames[:])
		var lines []string
		if r.IntN(2) == 0 {
			lines = append(lines, "Start your day with "+site+".")
		}
		lines = append(lines, pick(r, []string{
			"Sign up for the " + nl + " newsletter",
			"Sign up for our " + nl + " newsletter",
			"Get the " + nl + " newsletter delivered to your inbox.",
			"Subscribe to " + site + "’s " + nl + " newsletter",
		}))
		if r.IntN(3) == 0 {
			lines = append(lines, "Enter your email address", "Sign Up")
		}
		if r.IntN(3) == 0 {
			lines = append(lines, "By signing up you agree to our Terms of Use and Privacy Policy.")
		}
		for i := range lines {
			lines[i] = w.apos(lines[i])
		}
		return []block{b(pick(r, []place{afterHead, inBody, inBody, atBottom}), lines...)}
	case Nav:
		n := 5 + r.IntN(16)
		perm := r.Perm(len(sections))
		lines := make([]string, 0, n)
		for _, k := range perm[:min(n, len(perm))] {
			lines = append(lines, sections[k])
		}
		blk := b(pick(r, []place{atTop, atTop, atTop, atBottom}), lines...)
		blk.spread = r.IntN(2) == 0
		return []block{blk}
	case Masthead:
		lines := []string{pick(r, []string{"Masthead", "Masthead Masthead", "Staff", "Our Team"})}
		named := r.IntN(2) == 0
		perm := r.Perm(len(mastheadRoles))
		for _, k := range perm[:4+r.IntN(9)] {
			l := mastheadRoles[k]
			if named {
				l += " " + w.name()
			}
			lines = append(lines, l)
		}
		return []block{b(atBottom, lines...)}
	case Caption:
		var out []block
		for n := 1 + r.IntN(3); n > 0; n-- {
			out = append(out, w.caption())
		}
		return out
	case Share:
		items := []string{"Share", "Share this article", "Share this story", "Share on Facebook",
			"Share on Twitter", "Tweet", "Email", "Facebook Twitter LinkedIn Email", "Copy link",
			"Print", "WhatsApp", "Share via Email", "Pinterest"}
		perm := r.Perm(len(items))
		var lines []string
		for _, k := range perm[:1+r.IntN(5)] {
			lines = append(lines, items[k])
		}
		blk := b(pick(r, []place{afterHead, atBottom}), lines...)
		blk.spread = r.IntN(2) == 0
		return []block{blk}
	case Cookie:
		site := pick(r, siteNames[:])
		lines := []string{pick(r, []string{
			"We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.",
			"This website uses cookies to personalise content and ads and to analyse our traffic.",
			site + " uses cookies. Read our Cookie Policy to find out more.",
			"We and our partners use cookies and similar technologies to store and access information on your device.",
		})}
		if r.IntN(2) == 0 {
			lines = append(lines, pick(r, []string{"Accept", "Accept all cookies", "I agree", "Manage preferences", "OK"}))
		}
		return []block{b(pick(r, []place{atTop, atBottom}), lines...)}
	case Ad:
		var out []block
		markers := []string{"Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
			"Advertisement - Continue Reading Below", "Continue reading the main story", "Sponsored Content", "AD"}
		m := pick(r, markers)
		for n := 1 + r.IntN(4); n > 0; n-- {
			out = append(out, b(inBody, m))
		}
		return out
	case Copyright:
		y := 2005 + r.IntN(20)
		site := pick(r, siteNames[:])
		return []block{b(atBottom, pick(r, []string{
			fmt.Sprintf("© %d Cable News Network. A Warner Media Company. All Rights Reserved.", y),
			fmt.Sprintf("Copyright %d %s. All rights reserved.", y, site),
			fmt.Sprintf("Copyright %d The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", y),
			fmt.Sprintf("© %d %s, Inc.", y, site),
			fmt.Sprintf("© Copyright %d–%d %s", y-10, y, site),
		}))}
	case Related:
		var lines []string
		for n := 1 + r.IntN(4); n > 0; n-- {
			lines = append(lines, pick(r, []string{"Read more: ", "Related: ", "READ MORE: ", "RELATED: ", "See also: "})+w.headline())
		}
		if r.IntN(4) == 0 {
			lines = append([]string{pick(r, []string{"Read More", "Related Stories", "More from " + pick(r, siteNames[:])})}, lines...)
		}
		return []block{b(pick(r, []place{inBody, inBody, atBottom}), lines...)}
	case Comments:
		items := []string{"Comments", "Leave a comment", "Join the conversation", "Comments are closed.",
			itoa(r.IntN(400)) + " Comments", "Sort by Newest", "Post a comment", "Log in to comment",
			"Show comments", "Community guidelines"}
		perm := r.Perm(len(items))
		var lines []string
		for _, k := range perm[:1+r.IntN(4)] {
			lines = append(lines, items[k])
		}
		return []block{b(atBottom, lines...)}
	}
	panic("gen: unknown family " + string(f))
}

var captionActions = [...]string{
	"speaks during", "arrives for", "looks on during", "attends", "leaves after",
	"answers questions at", "is sworn in before", "walks to", "gestures during",
}

// caption returns a photo caption line with a credit, in one of the
// layouts found on news pages.
func (w *writer) caption() block {
	r := w.r
	who := w.name()
	if r.IntN(2) == 0 {
		who = w.honorific()
	}
	desc := fmt.Sprintf("%s %s %s %s in %s on %s %d, %d.", who, pick(r, captionActions[:]),
		pick(r, determiners[:3]), pick(r, nouns[:]), pick(r, places[:]), pick(r, months[:]), 1+r.IntN(28), 2005+r.IntN(20))
	photog := w.name()
	var line, credit string
	switch r.IntN(5) {
	case 0: // credit glued to the caption, as dumped from a <figcaption>
		credit = strings.ToUpper(photog) + " / " + pick(r, agencies[:])
		line = desc + credit
	case 1:
		credit = photog + "/" + pick(r, photoWires[:])
		line = desc + " (Photo by " + credit + ") MORE LESS"
	case 2:
		credit = photog + "/" + pick(r, []string{"Reuters", "AP", "AFP", "EPA"})
		line = desc + " Photo: " + credit
	case 3:
		credit = photog + " / Getty Images"
		line = desc + " (" + credit + ")"
	default:
		credit = photog + " for " + pick(r, siteNames[:])
		line = desc + " Credit: " + credit
	}
	return block{kind: kCaption, fam: Caption, at: pick(r, []place{afterHead, inBody, inBody}),
		lines: []string{line}, caption: desc, credit: credit}
}

// dateline returns a dateline prefix and its outlet.
func (w *writer) dateline() (prefix, outlet string) {
	o := pick(w.r, outlets[:])
	if strings.Contains(o.dateline, "%s") {
		return fmt.Sprintf(o.dateline, strings.ToUpper(pick(w.r, places[:]))), o.name
	}
	return o.dateline, o.name
}
