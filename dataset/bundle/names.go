package bundle

import (
	"errors"
	"fmt"
	"time"
)

// MaxSourceDateEpoch is the latest SOURCE_DATE_EPOCH a bundle can carry
// (in the year 2242): a USTAR header's mtime field holds 11 octal digits.
const MaxSourceDateEpoch = 1<<33 - 1

// CheckName reports what is wrong with a dataset name, by the rule the
// writer applies and the checker enforces.
func CheckName(name string) error {
	if msg := checkName(name); msg != "" {
		return errors.New(msg)
	}
	return nil
}

// CheckVersion reports what is wrong with a dataset version, by the rule
// the writer applies and the checker enforces.
func CheckVersion(version string) error {
	if msg := checkVersion("version", version); msg != "" {
		return errors.New(msg)
	}
	return nil
}

// CheckSourceDateEpoch reports whether t can be a bundle's timestamp
// (WriterOptions.SourceDateEpoch).
func CheckSourceDateEpoch(t time.Time) error {
	if n := t.Unix(); n < 0 || n > MaxSourceDateEpoch {
		return fmt.Errorf("SOURCE_DATE_EPOCH %d is out of range (0 to %d)", n, int64(MaxSourceDateEpoch))
	}
	return nil
}

// checkEngine reports what is wrong with a rules engine version, or "":
// none (a bundle written before it was recorded), or 1 to 64 printable
// ASCII bytes.
func checkEngine(e string) string {
	if len(e) > 64 {
		return fmt.Sprintf("rules engine %q: want at most 64 printable ASCII bytes", e)
	}
	for i := 0; i < len(e); i++ {
		if e[i] <= 0x20 || e[i] >= 0x7f {
			return fmt.Sprintf("rules engine %q: want at most 64 printable ASCII bytes", e)
		}
	}
	return ""
}
