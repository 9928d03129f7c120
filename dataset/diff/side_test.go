package diff

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

func jsonl(t *testing.T, recs ...*record.Record) string {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		line, err := record.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestJSONLSide(t *testing.T) {
	a, b := rec("a", "x"), rec("b", "y")
	b.RulesVersion = "1.0.0"
	s := NewJSONLSide(strings.NewReader(jsonl(t, a, b)), SideInfo{Label: "old.jsonl"})
	var ids []string
	for {
		r, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, ",") != "a,b" || s.Info().RulesVersion != "1.0.0" || s.Info().Label != "old.jsonl" {
		t.Errorf("got %q %+v", ids, s.Info())
	}
	b.RulesVersion = "2.0.0"
	s = NewJSONLSide(strings.NewReader(jsonl(t, a, b)), SideInfo{})
	for _, err := s.Next(); err == nil; _, err = s.Next() {
	}
	if s.Info().RulesVersion != "" {
		t.Errorf("mixed rules versions: got %q, want none", s.Info().RulesVersion)
	}
}

func TestJSONLSideErrors(t *testing.T) {
	a, b, c := rec("a", "x"), rec("b", "y"), rec("c", "z")
	for _, tc := range []struct {
		name, input, want string
		unsorted          bool
	}{
		{"unsorted", jsonl(t, a, c, b), `new.jsonl: line 3: record "b" after "c": records not in strictly increasing id order`, true},
		{"duplicate", jsonl(t, a, a), `new.jsonl: line 2: record "a" after "a"`, true},
		{"broken line", jsonl(t, a) + "{\"id\":\n" + jsonl(t, b), "new.jsonl: line 2: byte ", false},
		{"unknown field", jsonl(t, a) + `{"id":"b","extra":1}` + "\n", "new.jsonl: line 2: byte", false},
		{"not json", "\n", "new.jsonl: line 1:", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewJSONLSide(strings.NewReader(tc.input), SideInfo{Label: "new.jsonl"})
			var err error
			for err == nil {
				_, err = s.Next()
			}
			if err == io.EOF || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if errors.Is(err, ErrUnsorted) != tc.unsorted {
				t.Errorf("errors.Is(ErrUnsorted) = %v", !tc.unsorted)
			}
			if _, err2 := s.Next(); err2 == nil || err2 == io.EOF {
				t.Errorf("Next after error: %v", err2)
			}
			// Through Run the error names the side.
			_, err = Run(NewMemSide(SideInfo{}), NewJSONLSide(strings.NewReader(tc.input), SideInfo{Label: "new.jsonl"}), Options{}, nil)
			if err == nil || !strings.HasPrefix(err.Error(), "new side: new.jsonl: line") {
				t.Errorf("Run: got %v", err)
			}
		})
	}
}
