package gen

// Word lists. They are package-level constants in spirit: arrays are never
// written after initialization, so there is no mutable package state.
//
// The prose grammar in prose.go draws function words (determiners,
// prepositions, auxiliaries, pronouns) from the short lists and content
// words from the long ones, which gives news-like stop-word density
// (about 40–50 % of tokens, as in real reporting) without lorem ipsum.

var nouns = [...]string{
	"administration", "agency", "agreement", "aide", "ambassador", "analysis", "announcement",
	"attorney", "authority", "bill", "board", "budget", "campaign", "candidate", "case",
	"challenge", "change", "city", "claim", "coalition", "committee", "community", "company",
	"conference", "conflict", "congress", "council", "country", "court", "crisis", "data",
	"deal", "debate", "decision", "delegation", "department", "deputy", "director", "dispute",
	"district", "economy", "effort", "election", "evidence", "executive", "family", "figure",
	"force", "government", "group", "hearing", "history", "industry", "inquiry", "investigation",
	"investor", "issue", "judge", "law", "lawmaker", "leader", "letter", "market", "measure",
	"meeting", "member", "minister", "month", "movement", "nation", "network", "office",
	"official", "opposition", "order", "panel", "party", "plan", "policy", "president",
	"pressure", "price", "probe", "program", "proposal", "protest", "question", "rate",
	"record", "region", "report", "reporter", "request", "research", "resident", "response",
	"result", "review", "risk", "rule", "sanction", "school", "season", "secretary", "senator",
	"service", "spokesperson", "statement", "state", "story", "strategy", "study", "summit",
	"support", "system", "team", "testimony", "threat", "trade", "trial", "union", "vote",
	"voter", "war", "week", "witness", "worker", "year",
}

var adjectives = [...]string{
	"annual", "bipartisan", "broad", "central", "close", "critical", "current", "difficult",
	"domestic", "early", "economic", "emergency", "federal", "final", "foreign", "formal",
	"former", "full", "global", "historic", "independent", "initial", "internal", "key",
	"large", "late", "legal", "local", "major", "military", "national", "new", "official",
	"open", "political", "popular", "possible", "powerful", "previous", "private", "public",
	"recent", "regional", "rural", "senior", "serious", "sharp", "short", "significant",
	"small", "special", "strong", "sudden", "top", "unusual", "urban", "wide", "young",
}

// verbs holds past-tense transitive verbs, the tense of news reports.
var verbs = [...]string{
	"accepted", "announced", "approved", "backed", "blocked", "called", "challenged", "cited",
	"confirmed", "criticized", "cut", "defended", "delayed", "denied", "described", "discussed",
	"dismissed", "examined", "expanded", "faced", "filed", "found", "halted", "handled",
	"launched", "led", "met", "opposed", "ordered", "overturned", "passed", "praised",
	"proposed", "raised", "rejected", "released", "reached", "reviewed", "secured", "signed",
	"supported", "suspended", "targeted", "urged", "welcomed", "won",
}

// saidVerbs attribute quotes.
var saidVerbs = [...]string{"said", "said", "said", "told reporters", "added", "noted", "wrote", "argued"}

var determiners = [...]string{"the", "the", "the", "the", "a", "its", "their", "this", "that", "his", "her"}

var prepositions = [...]string{
	"in", "in", "on", "of", "for", "with", "at", "from", "by", "after", "before", "during",
	"over", "about", "into", "against", "under", "between", "without", "through",
}

var auxiliaries = [...]string{"had", "would have", "could have", "had not", "had already", "will have", "may have"}

var pronouns = [...]string{"he", "she", "they", "it", "we"}

var connectives = [...]string{"and", "but", "while", "as", "because", "although", "so", "after"}

var timeWords = [...]string{
	"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
	"on Sunday", "last week", "this week", "earlier this year", "last month", "in recent days",
	"late on Thursday", "early Friday", "in January", "in March", "in the spring", "this fall",
}

var firstNames = [...]string{
	"Sarah", "James", "Maria", "David", "Aisha", "Robert", "Elena", "Michael", "Priya",
	"Thomas", "Grace", "Daniel", "Fatima", "Joseph", "Laura", "Kenji", "Anna", "Samuel",
	"Olivia", "Chris", "Nadia", "Peter", "Rachel", "Luis", "Hannah", "Omar", "Julia", "Mark",
}

var lastNames = [...]string{
	"Smith", "Johnson", "Garcia", "Nguyen", "Brown", "Miller", "Davis", "Martinez", "Wilson",
	"Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Lee", "Harris", "Clark", "Lewis",
	"Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
	"Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "O’Brien",
}

var titles = [...]string{"Sen.", "Rep.", "Gov.", "Mayor", "Judge", "Dr.", "Mr.", "Ms.", "Secretary", "Prof."}

var roles = [...]string{
	"a spokesperson for", "the director of", "a senior official at", "the chair of",
	"an analyst at", "a professor at", "the head of", "a lawyer for", "a former adviser to",
}

var orgs = [...]string{
	"the Justice Department", "the State Department", "the Senate Judiciary Committee",
	"the World Health Organization", "the Federal Reserve", "the European Commission",
	"the city council", "Georgetown University", "the Brookings Institution",
	"the Pentagon", "the United Nations", "the Supreme Court", "the Labor Party",
	"the National Weather Service", "the Treasury", "the White House",
}

var places = [...]string{
	"Washington", "London", "Paris", "Berlin", "Tokyo", "Nairobi", "Chicago", "Brussels",
	"Mumbai", "São Paulo", "Madrid", "Ottawa", "Sydney", "Seoul", "Cairo", "Atlanta",
	"New York", "Los Angeles", "Geneva", "Istanbul", "Mexico City", "Zürich",
}

var months = [...]string{
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December",
}

// outlets are (name, dateline format) pairs. %s in the format is a place
// in upper case; a format without %s is a bare outlet dateline.
var outlets = [...]struct{ name, dateline string }{
	{"CNN", "(CNN) — "},
	{"CNN", "(CNN) — "},
	{"CNN Business", "New York (CNN Business) — "},
	{"Reuters", "%s (Reuters) - "},
	{"Reuters", "%s (Reuters) - "},
	{"AP", "%s (AP) — "},
	{"AP", "%s (AP) — "},
	{"AFP", "%s (AFP) - "},
	{"Bloomberg", "(Bloomberg) -- "},
}

// siteNames name the publication in promos, footers and cookie notices.
var siteNames = [...]string{
	"The Daily Ledger", "TPM", "Metro Post", "The Courier", "NBC News", "The Observer",
	"Global Times Review", "The Herald", "Capitol Report", "Evening Standard Online",
}

var newsletterNames = [...]string{
	"Morning Memo", "Daily Briefing", "Politics Today", "Evening Edition", "Week in Review",
	"Breaking News Alerts", "Opinion Today", "The Download",
}

var sections = [...]string{
	"Home", "News", "World", "Politics", "Business", "Opinion", "Sport", "Sports", "Culture",
	"Science", "Health", "Tech", "Technology", "Travel", "Style", "Food", "Video", "Podcasts",
	"Local", "Weather", "Markets", "Education", "Climate", "Lifestyle", "Entertainment",
	"Newsletters", "Subscribe", "Log In", "Sign In", "Search", "Menu", "Latest", "Live",
	"Investigations", "Magazine", "Photos", "Crosswords", "Games", "Obituaries",
}

var mastheadRoles = [...]string{
	"Founder & Editor-in-Chief:", "Executive Editor:", "Managing Editor:", "Associate Editor:",
	"Editor at Large:", "General Counsel:", "Publisher:", "Head of Product:",
	"Director of Technology:", "Associate Publisher:", "Front End Developer:", "Senior Designer:",
	"Deputy Editor:", "News Editor:", "Copy Chief:", "Photo Editor:",
}

var agencies = [...]string{
	"AFP - Getty Images", "AFP via Getty Images", "Getty Images", "Reuters", "AP", "EPA",
	"Bloomberg via Getty Images", "The Washington Post via Getty Images", "Shutterstock",
}

var photoWires = [...]string{"WireImage", "Getty Images", "FilmMagic", "Corbis via Getty Images", "AFP"}

// stopWords is the stop-word list the tests measure prose density with;
// it matches the function words above.
var stopWords = [...]string{
	"a", "about", "after", "against", "already", "an", "and", "as", "at", "be", "because",
	"been", "before", "between", "but", "by", "could", "during", "for", "from", "had", "has",
	"have", "he", "her", "his", "in", "into", "is", "it", "its", "not", "of", "on", "over",
	"said", "she", "so", "that", "the", "their", "they", "this", "through", "to", "under",
	"was", "we", "were", "which", "while", "who", "will", "with", "without", "would",
	"although", "there", "than", "also", "more",
}
