package metadata

import (
	"errors"
	"strings"
	"testing"
)

// FuzzRead: any bytes give a checked File or errors that are all *Error
// naming the file — never a panic — and an accepted file passes Check.
func FuzzRead(f *testing.F) {
	f.Add(good(f))
	f.Add(Template)
	f.Add("title = \"T\"\ndescription = \"D\"\nlicense = \"MIT\"\n[contact]\nemail = \"a@b.c\"\n")
	f.Add("title = [1, 2]\n[[source]]\n")
	f.Fuzz(func(t *testing.T, in string) {
		m, err := Read(strings.NewReader(in), "q.toml")
		if err != nil {
			var joined interface{ Unwrap() []error }
			errs := []error{err}
			if errors.As(err, &joined) {
				errs = joined.Unwrap()
			}
			for _, e := range errs {
				var me *Error
				if !errors.As(e, &me) && !strings.HasPrefix(e.Error(), "q.toml") {
					t.Fatalf("error %q does not name the file", e)
				}
			}
			return
		}
		if ps := m.Check(); len(ps) > 0 {
			t.Fatalf("accepted a file Check refuses: %v", ps[0])
		}
	})
}
