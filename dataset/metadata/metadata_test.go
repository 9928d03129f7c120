package metadata

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// good is a complete metadata file, shared with other packages' tests.
func good(t testing.TB) string {
	b, err := os.ReadFile("testdata/quire.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReadGood(t *testing.T) {
	f, err := Read(strings.NewReader(good(t)), "quire.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256([]byte(good(t)))
	if f.SHA256 != hex.EncodeToString(s[:]) {
		t.Errorf("sha256 %s, want the file's", f.SHA256)
	}
	if f.Title != "News archive sample" || !strings.HasPrefix(f.Description, "Three scraped news articles") || f.License != "CC-BY-4.0" ||
		strings.Join(f.Languages, ",") != "en" || f.Source.Organization != "Example Library" || f.Contact.Email != "ada@example.org" ||
		!strings.HasPrefix(f.Citation, "@misc{news-sample,\n") || strings.Join(f.TaskCategories, ",") != "text-generation" {
		t.Errorf("got %+v", f.Metadata)
	}
}

// TestReadBad: every broken rule is an error naming the file, the field
// and, where TOML knows it, the line.
func TestReadBad(t *testing.T) {
	req := "title = \"T\"\ndescription = \"D\"\nlicense = \"MIT\"\n"
	for _, c := range []struct{ in, want string }{
		{req + "titel = \"x\"\n", `quire.toml: titel: unknown field`},
		{req + "[contact]\nphone = \"1\"\n", `quire.toml: contact.phone: unknown field`},
		{req + "languages = \"en\"\n", `languages`},
		{req + "title = \"again\"\n", `quire.toml:4: title: `},
		{"title = \"T\"\ndescription = \"D\"\nlicense = \"MIT\n", `quire.toml:3`},
		{"description = \"D\"\nlicense = \"MIT\"\n", `quire.toml: title: required`},
		{"title = \"T\"\nlicense = \"MIT\"\n", `quire.toml: description: required`},
		{"title = \"T\"\ndescription = \"D\"\n", `quire.toml: license: required`},
		{"title = \"T\"\ndescription = \"D\"\nlicense = \"CC-BY-4\"\n", `license: "CC-BY-4" is not an SPDX license identifier`},
		{"title = \"T\"\ndescription = \"D\"\nlicense = \"mit\"\n", `license: "mit": SPDX spells it "MIT"`},
		{"title = \"T\"\ndescription = \"D\"\nlicense = \"MIT OR Apache-2.0\"\n", `not one SPDX license identifier`},
		{req + "languages = [\"english\"]\n", `languages[0]: "english" is not an ISO 639-1 code`},
		{req + "languages = [\"xq\"]\n", `languages[0]: "xq" is not an ISO 639-1 language code`},
		{req + "languages = [\"en\", \"en\"]\n", `languages[1]: "en" repeated`},
		{req + "homepage = \"example.org\"\n", `homepage: "example.org" is not an absolute http or https URL`},
		{req + "homepage = \"ftp://example.org\"\n", `homepage`},
		{req + "task_categories = [\"Text Generation\"]\n", `task_categories[0]`},
		{req + "[contact]\nemail = \"Ada <ada@example.org>\"\n", `contact.email: "Ada <ada@example.org>" is not an email address`},
		{req + "[contact]\nname = \"Ada\\nExample\"\n", `contact.name: "Ada\nExample": one line of text`},
		{req + "[source]\norganization = \" Lib\"\n", `source.organization: " Lib" has leading or trailing white space`},
		{"title = \"T\"\ndescription = \" \\n \"\nlicense = \"MIT\"\n", `description: only white space`},
		{"title = \"T\xff\"\n", `quire.toml: not valid UTF-8`},
		{strings.Repeat("#", MaxBytes+1), `larger than`},
	} {
		_, err := Read(strings.NewReader(c.in), "quire.toml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\nerror %v\nwant %q", c.in, err, c.want)
		}
	}
}

// TestReadReportsEveryProblem: one run names all the fields to fix.
func TestReadReportsEveryProblem(t *testing.T) {
	_, err := Read(strings.NewReader("titel = \"x\"\nlicense = \"mit\"\n"), "q.toml")
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"titel: unknown field", "title: required", "description: required", `SPDX spells it "MIT"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestTemplate(t *testing.T) {
	_, err := Read(strings.NewReader(Template), FileName)
	if err == nil {
		t.Fatal("the template as written is accepted; its required fields must be filled in first")
	}
	for _, want := range []string{"title: required", "description: required", "license: required"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "unknown field") {
		t.Errorf("template has a field Read does not know: %v", err)
	}
	filled := strings.NewReplacer(`title = ""`, `title = "T"`, "description = \"\"\"\n\"\"\"", `description = "D"`, `license = ""`, `license = "CC0-1.0"`).Replace(Template)
	// Uncomment every example: they must all be valid as shown.
	var lines []string
	for _, l := range strings.Split(filled, "\n") {
		if strings.HasPrefix(l, "# ") && (strings.Contains(l, " = ") || strings.HasPrefix(l, "#   ") || strings.HasPrefix(l, "# @misc") || l == "# }" || l == `# """`) {
			l = strings.TrimPrefix(l, "# ")
		}
		lines = append(lines, l)
	}
	f, err := Read(strings.NewReader(strings.Join(lines, "\n")), FileName)
	if err != nil {
		t.Fatalf("template with its examples uncommented: %v", err)
	}
	if f.Contact.Email == "" || f.Citation == "" || len(f.Languages) == 0 || f.Homepage == "" || f.Source.Organization == "" {
		t.Errorf("an example was not uncommented: %+v", f.Metadata)
	}
}
