// Package metadata reads a dataset's metadata file, quire.toml: what only
// the maintainer knows about a dataset (title, description, licence,
// languages, homepage, citation, source organization, contact), from
// which a release describes itself to people and tools that never heard
// of quire (docs/METADATA.md).
//
//   - TOML, because the file is written and read by people: it takes
//     comments (quire init writes a commented starting point) and
//     multi-line strings (a description, a BibTeX citation) without
//     escapes, and its grammar has no implicit typing surprises.
//   - Strict: unknown keys, wrong types, duplicate keys, values that break
//     a rule (an SPDX licence id that does not exist, a language that is
//     not ISO 639-1, a URL that is not absolute http(s), an address that
//     is not an email address) are errors naming the file and the field,
//     and the line where TOML knows it. Nothing is guessed or repaired.
//   - Bounded: the file is at most MaxBytes.
//
// This package imports nothing else of quire.
package metadata

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/github/go-spdx/v2/spdxexp"
	"golang.org/x/text/language"
)

// FileName is the metadata file's name, at the root of a dataset
// repository (beside seeds/).
const FileName = "quire.toml"

// Limits on the metadata file and its values.
const (
	MaxBytes            = 256 << 10 // the whole file
	MaxLineField        = 200       // title, organization, contact name and email
	MaxDescriptionBytes = 20000     // description, citation
	MaxListItems        = 50        // languages, task_categories
)

// Metadata is the content of a metadata file. Empty strings and nil
// slices are fields the file does not set.
type Metadata struct {
	// Title is the dataset's human name (the card's pretty_name).
	Title string `toml:"title"`
	// Description says what the dataset is, in Markdown paragraphs.
	Description string `toml:"description"`
	// License is an SPDX license identifier, exactly as SPDX spells it.
	License string `toml:"license"`
	// Languages are ISO 639-1 codes of the documents' languages.
	Languages []string `toml:"languages"`
	// Homepage is an absolute http(s) URL.
	Homepage string `toml:"homepage"`
	// Citation is how to cite the dataset (BibTeX or plain text).
	Citation string `toml:"citation"`
	// TaskCategories are Hugging Face task categories
	// ("text-generation", "summarization", …).
	TaskCategories []string `toml:"task_categories"`
	Source         Source   `toml:"source"`
	Contact        Contact  `toml:"contact"`
}

// Source is where the documents come from.
type Source struct {
	Organization string `toml:"organization"`
}

// Contact is who answers questions about the dataset.
type Contact struct {
	Name  string `toml:"name"`
	Email string `toml:"email"`
}

// File is a metadata file read and checked.
type File struct {
	Metadata
	// SHA256 is the hex sha256 of the file's bytes, recorded in the
	// manifest so a release says which metadata described it.
	SHA256 string
}

// Error is a problem with a metadata file: the file, the field (a
// dotted TOML key, or "" for the file as a whole) and the line when
// known.
type Error struct {
	File  string
	Field string
	Line  int
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Read reads and checks a metadata file; name is how errors call it.
// It returns every problem found, joined (each an *Error).
func Read(r io.Reader, name string) (*File, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(raw) > MaxBytes {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d bytes", MaxBytes)}
	}
	if !utf8.Valid(raw) {
		return nil, &Error{File: name, Msg: "not valid UTF-8"}
	}
	var m Metadata
	md, err := toml.NewDecoder(bytes.NewReader(raw)).Decode(&m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: name, Field: pe.LastKey, Line: pe.Position.Line, Msg: pe.Message}
		}
		return nil, &Error{File: name, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	var errs []error
	for _, k := range md.Undecoded() {
		errs = append(errs, &Error{File: name, Field: k.String(), Msg: "unknown field (see docs/METADATA.md for the fields quire reads)"})
	}
	for _, p := range m.Check() {
		p.File = name
		errs = append(errs, p)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sum := sha256.Sum256(raw)
	return &File{Metadata: m, SHA256: hex.EncodeToString(sum[:])}, nil
}

var (
	taskRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// An SPDX idstring: letters, digits, '.', '-', '+'.
	spdxRE = regexp.MustCompile(`^[A-Za-z0-9.+-]+$`)
)

// Check returns what is wrong with m, field by field (File unset).
func (m *Metadata) Check() []*Error {
	var errs []*Error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &Error{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	line := func(field, v string, required bool) {
		switch {
		case v == "" && required:
			bad(field, "required, and empty or missing")
		case v == "":
		case strings.TrimSpace(v) != v:
			bad(field, "%q has leading or trailing white space", v)
		case utf8.RuneCountInString(v) > MaxLineField:
			bad(field, "longer than %d characters", MaxLineField)
		case strings.ContainsFunc(v, unicode.IsControl):
			bad(field, "%q: one line of text, without control characters", v)
		}
	}
	text := func(field, v string, required bool) {
		switch {
		case v == "" && required:
			bad(field, "required, and empty or missing")
		case v == "":
		case strings.TrimSpace(v) == "":
			bad(field, "only white space")
		case len(v) > MaxDescriptionBytes:
			bad(field, "longer than %d bytes", MaxDescriptionBytes)
		case strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
			bad(field, "control characters other than newline and tab")
		}
	}
	line("title", m.Title, true)
	text("description", m.Description, true)
	switch {
	case m.License == "":
		bad("license", "required: an SPDX license identifier such as \"CC-BY-4.0\" (https://spdx.org/licenses/)")
	case !spdxRE.MatchString(m.License):
		bad("license", "%q is not one SPDX license identifier (expressions with AND/OR are not taken)", m.License)
	default:
		if ok, canon := spdxexp.ActiveLicense(m.License); !ok {
			bad("license", "%q is not an SPDX license identifier (https://spdx.org/licenses/)", m.License)
		} else if canon != m.License {
			bad("license", "%q: SPDX spells it %q", m.License, canon)
		}
	}
	list := func(field string, vs []string, check func(string) string) {
		if len(vs) > MaxListItems {
			bad(field, "more than %d items", MaxListItems)
			return
		}
		for i, v := range vs {
			if msg := check(v); msg != "" {
				bad(fmt.Sprintf("%s[%d]", field, i), "%s", msg)
			} else if slices.Index(vs, v) < i {
				bad(fmt.Sprintf("%s[%d]", field, i), "%q repeated", v)
			}
		}
	}
	list("languages", m.Languages, checkLanguage)
	list("task_categories", m.TaskCategories, func(v string) string {
		if len(v) > 64 || !taskRE.MatchString(v) {
			return fmt.Sprintf("%q is not a task category (lowercase words joined by '-', such as \"text-generation\")", v)
		}
		return ""
	})
	if m.Homepage != "" {
		if msg := checkURL(m.Homepage); msg != "" {
			bad("homepage", "%s", msg)
		}
	}
	text("citation", m.Citation, false)
	line("source.organization", m.Source.Organization, false)
	line("contact.name", m.Contact.Name, false)
	line("contact.email", m.Contact.Email, false)
	if e := m.Contact.Email; e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || a.Name != "" {
			bad("contact.email", "%q is not an email address (name@example.org)", e)
		}
	}
	return errs
}

// checkLanguage accepts a two-letter ISO 639-1 code in its canonical
// lowercase form.
func checkLanguage(v string) string {
	if len(v) != 2 || strings.ToLower(v) != v {
		return fmt.Sprintf("%q is not an ISO 639-1 code (two lowercase letters, such as \"en\")", v)
	}
	b, err := language.ParseBase(v)
	if err != nil || b.String() != v {
		return fmt.Sprintf("%q is not an ISO 639-1 language code", v)
	}
	return ""
}

func checkURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || strings.ContainsFunc(v, unicode.IsSpace) {
		return fmt.Sprintf("%q is not an absolute http or https URL", v)
	}
	return ""
}

// SPDXURL is the SPDX page of a license identifier.
func SPDXURL(id string) string { return "https://spdx.org/licenses/" + id + ".html" }
