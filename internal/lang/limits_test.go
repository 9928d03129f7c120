package lang

// Floors of TestDetectDevsets (644 pages): measured 2 wrong (a page in
// Papiamento, which has no list, and a page half German, half English),
// 0 unsure; see docs/LANG.md.
const (
	maxWrong  = 3
	maxUnsure = 5
)

// Floors of TestStopDensity: the AUC measured per language group with
// enough labelled lines, less 0.03.
// Groups with fewer than 30 lines of either label have none.
var densityFloor = map[string]float64{
	"en-devset": 0.703, "en": 0.673, "de": 0.657, "es": 0.841, "fr": 0.585, "pl": 0.804,
}

var fallbackFloor = map[string]float64{
	"en-devset": 0.653, "en": 0.636, "de": 0.614, "es": 0.674, "fr": 0.691, "pl": 0.702,
}
