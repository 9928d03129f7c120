package release

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/normalize"
)

const (
	// DefaultRepeats is the K of the corpus-level repeated-line pass:
	// a line found in at least K documents of the corpus is removed,
	// unless it is good prose.
	DefaultRepeats = normalize.DefaultRepeatDocs
	// RepeatsOff in Options.Repeats turns the pass off.
	RepeatsOff = math.MinInt
	// MinRepeatCorpus is the smallest corpus the pass runs on: in fewer
	// documents, recurrence means nothing.
	MinRepeatCorpus = normalize.MinRepeatCorpus
)

// Options says how a corpus's records are derived, and with what
// resources. The zero value derives records as quire build does by
// default.
type Options struct {
	// Repeats is the K of the repeated-line pass (0: DefaultRepeats;
	// RepeatsOff: no pass). It is part of the recipe: the records depend
	// on it, and the rules record names it.
	Repeats int
	// Workers is the number of goroutines that read and normalize
	// documents (0: GOMAXPROCS). It never changes a result.
	Workers int
	// TempDir is where the listing and the line counts spill past
	// their in-memory size ("" means os.TempDir).
	TempDir string
	// ListRunSize and CountRunSize set how many entries the listing and
	// the line counter sort in memory before they spill (0: defaults);
	// tests make them small to exercise the spill.
	ListRunSize, CountRunSize int
	// Progress, if set, is called as documents are read (see Progress);
	// from one goroutine at a time.
	Progress func(Progress)
}

// Progress reports how far a stage has gone through the corpus.
type Progress struct {
	Stage       Stage
	Done, Total int   // documents
	Bytes       int64 // of the documents done
	TotalBytes  int64 // of all the documents, as listed
}

// Stage names a pass over the corpus.
type Stage string

// The passes over a corpus: the repeated-line pre-pass reads every
// document once to count its lines, then every document is normalized.
const (
	StageCount   Stage = "count lines"
	StageRecords Stage = "records"
)

// k returns the pass's K, 0 when it is off.
func (o Options) k() int {
	switch o.Repeats {
	case 0:
		return DefaultRepeats
	case RepeatsOff:
		return 0
	}
	return o.Repeats
}

// Check reports what is wrong with o, as an *OptionError.
func (o Options) Check() error {
	if o.Repeats != RepeatsOff && o.Repeats < 0 || o.Repeats == 1 {
		return &OptionError{Option: "repeats", Value: strconv.Itoa(o.Repeats),
			Err: errors.New("want at least 2 (a line must recur to be repeated), or the pass off")}
	}
	if o.Workers < 0 {
		return &OptionError{Option: "workers", Value: strconv.Itoa(o.Workers), Err: errors.New("want 0 (one per core) or more")}
	}
	return nil
}

// OptionError is an option that cannot work, found before any document
// is read. Option names it as the rule does ("name", "version",
// "repeats", "SOURCE_DATE_EPOCH", …), so a command can name its flag.
type OptionError struct {
	Option string
	Value  string
	Err    error
}

func (e *OptionError) Error() string {
	return fmt.Sprintf("%s %q: %v", e.Option, e.Value, e.Err)
}

func (e *OptionError) Unwrap() error { return e.Err }

// ParseSourceDateEpoch reads the value of SOURCE_DATE_EPOCH
// (reproducible-builds.org: whole seconds since 1970, UTC), the only
// source of timestamps in a bundle. "" is no timestamp (nil). The range
// is the bundle's (bundle.MaxSourceDateEpoch).
func ParseSourceDateEpoch(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		t := time.Unix(n, 0).UTC()
		if err = bundle.CheckSourceDateEpoch(t); err == nil {
			return &t, nil
		}
	}
	return nil, &OptionError{Option: "SOURCE_DATE_EPOCH", Value: s,
		Err: fmt.Errorf("want whole seconds since 1970, 0 to %d", int64(bundle.MaxSourceDateEpoch))}
}
