package lang

// Floors of TestDetectDevsets (644 pages), measured and then given a
// margin; see doc.go for the figures.
const (
	maxWrong  = 100
	maxUnsure = 100
)
