package bundle

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quire-archive/quire/schema"
)

func TestAddCheckedRefusesWhatPrepareDidNotMake(t *testing.T) {
	opts := testOptions(t)
	w, err := NewWriter(&bytes.Buffer{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.AddChecked(CheckedRecord{}); err == nil || !strings.Contains(err.Error(), "not made by Prepare") {
		t.Fatalf("AddChecked(zero value) = %v, want an error", err)
	}

	raw := strings.Replace(string(schema.RecordBytes()), `"maxLength": 1000`, `"maxLength": 999`, 1)
	other, err := schema.Compile([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Prepare(other, testRecords(1)[0])
	if err != nil {
		t.Fatal(err)
	}
	w, err = NewWriter(&bytes.Buffer{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.AddChecked(c); err == nil || !strings.Contains(err.Error(), "another schema") {
		t.Fatalf("AddChecked(record checked against another schema) = %v, want an error", err)
	}
}

func TestPrepareRefusesInvalidRecords(t *testing.T) {
	sch := testOptions(t).Schema
	r := testRecords(1)[0]
	r.Source.SHA256 = "not hex"
	if _, err := Prepare(sch, r); err == nil || !strings.Contains(err.Error(), "/source/sha256") {
		t.Fatalf("Prepare = %v, want a schema error at /source/sha256", err)
	}
}

// TestAddCheckedSameBytes: a bundle written from prepared records is
// the bundle Add writes.
func TestAddCheckedSameBytes(t *testing.T) {
	opts := testOptions(t)
	rs := articleRecords(300, 500)
	want := build(t, opts, rs)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		c, err := Prepare(opts.Schema, r)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.AddChecked(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatal("AddChecked wrote different bytes from Add")
	}
}
