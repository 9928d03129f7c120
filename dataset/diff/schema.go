package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// SchemaChange is one difference between two record schemas, at a
// property path ("" for the record itself, "source.sha256",
// "captions[].credit"). $refs are followed, so a change inside a
// definition is reported at every property that uses it.
type SchemaChange struct {
	Path string `json:"path"`
	// Kind is a stable token: property-added, property-removed,
	// required-added, required-removed, type-narrowed, type-widened,
	// type-changed, enum-narrowed, enum-widened, enum-changed,
	// bound-tightened, bound-loosened, keyword-added, keyword-removed,
	// keyword-changed, annotation-changed, definition-added,
	// definition-removed.
	Kind string `json:"kind"`
	// Keyword is the JSON Schema keyword concerned, if any.
	Keyword string `json:"keyword,omitempty"`
	// What says it in words.
	What string `json:"what"`
	// Level is the version bump the change requires on its own.
	Level Level `json:"level"`
}

// maxSchemaDepth bounds the walk, so a hostile or recursive schema
// cannot make it run away.
const maxSchemaDepth = 64

// annotations change no document's validity.
var annotations = []string{"$comment", "$schema", "default", "description", "examples", "readOnly", "title", "writeOnly"}

// bounds are keywords whose larger value accepts fewer documents (min*)
// or more (max*).
var lowerBounds = []string{"exclusiveMinimum", "minItems", "minLength", "minProperties", "minimum"}
var upperBounds = []string{"exclusiveMaximum", "maxItems", "maxLength", "maxProperties", "maximum"}

// SchemaDiff compares two draft-07 schemas and lists their differences,
// classified by whether documents valid under old stay valid under new
// (see docs/DIFF.md). It understands properties, required, type, enum,
// items, numeric bounds and local $refs ("#/..."); any other keyword
// is compared as JSON: added tightens, removed loosens, changed is
// assumed to tighten.
func SchemaDiff(old, new []byte) ([]SchemaChange, error) {
	var a, b any
	if err := decodeSchema(old, &a); err != nil {
		return nil, fmt.Errorf("old schema: %w", err)
	}
	if err := decodeSchema(new, &b); err != nil {
		return nil, fmt.Errorf("new schema: %w", err)
	}
	w := &schemaWalk{ra: a, rb: b, out: []SchemaChange{}}
	am, bm := asMap(a), asMap(b)
	if x, y := str(am["$id"]), str(bm["$id"]); x != y {
		w.add("", "keyword-changed", "$id", fmt.Sprintf("$id changed from %q to %q", x, y), Major)
	}
	w.definitions(am, bm)
	if err := w.node("", a, b, [][2]string{{"#", "#"}}, 0); err != nil {
		return nil, err
	}
	slices.SortStableFunc(w.out, func(x, y SchemaChange) int { return strings.Compare(x.Path, y.Path) })
	return w.out, nil
}

func decodeSchema(raw []byte, v *any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if _, ok := (*v).(map[string]any); !ok {
		return fmt.Errorf("not a JSON object")
	}
	return nil
}

type schemaWalk struct {
	ra, rb any
	out    []SchemaChange
}

func (w *schemaWalk) add(path, kind, kw, what string, l Level) {
	w.out = append(w.out, SchemaChange{Path: path, Kind: kind, Keyword: kw, What: what, Level: l})
}

func (w *schemaWalk) definitions(a, b map[string]any) {
	da, db := asMap(a["definitions"]), asMap(b["definitions"])
	for _, k := range unionKeys(da, db) {
		_, ina := da[k]
		_, inb := db[k]
		switch {
		case ina && !inb:
			w.add("", "definition-removed", "definitions", fmt.Sprintf("definition %q removed", k), Patch)
		case inb && !ina:
			w.add("", "definition-added", "definitions", fmt.Sprintf("definition %q added", k), Patch)
		}
	}
}

// resolve follows local $refs from n.
func resolve(root, n any) (any, string, error) {
	ref := ""
	for hops := 0; ; hops++ {
		m, ok := n.(map[string]any)
		if !ok {
			return n, ref, nil
		}
		r, ok := m["$ref"].(string)
		if !ok {
			return n, ref, nil
		}
		if hops > maxSchemaDepth {
			return nil, "", fmt.Errorf("$ref %q: too many hops", r)
		}
		if !strings.HasPrefix(r, "#") {
			return nil, "", fmt.Errorf("$ref %q: only local references are supported", r)
		}
		t, err := pointer(root, r[1:])
		if err != nil {
			return nil, "", fmt.Errorf("$ref %q: %w", r, err)
		}
		ref, n = r, t
	}
}

func pointer(root any, p string) (any, error) {
	if p == "" {
		return root, nil
	}
	if p[0] != '/' {
		return nil, fmt.Errorf("not a JSON pointer")
	}
	n := root
	for _, tok := range strings.Split(p[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := n.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("no %q", tok)
		}
		if n, ok = m[tok]; !ok {
			return nil, fmt.Errorf("no %q", tok)
		}
	}
	return n, nil
}

// node compares two subschemas. stack holds the $ref pairs being
// walked, so recursive schemas end.
func (w *schemaWalk) node(path string, a, b any, stack [][2]string, depth int) error {
	if depth > maxSchemaDepth {
		return fmt.Errorf("schema at %q: nested deeper than %d", path, maxSchemaDepth)
	}
	a, refa, err := resolve(w.ra, a)
	if err != nil {
		return fmt.Errorf("old schema at %q: %w", display(path), err)
	}
	b, refb, err := resolve(w.rb, b)
	if err != nil {
		return fmt.Errorf("new schema at %q: %w", display(path), err)
	}
	if refa != "" || refb != "" {
		pair := [2]string{refa, refb}
		if slices.Contains(stack, pair) {
			return nil
		}
		stack = append(stack, pair)
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok { // boolean schemas
		if canon(a) != canon(b) {
			w.add(path, "keyword-changed", "", fmt.Sprintf("schema changed from %s to %s", canon(a), canon(b)), Major)
		}
		return nil
	}
	done := map[string]bool{"$ref": true, "$id": true, "definitions": true}
	for _, k := range annotations {
		done[k] = true
		if k != "$schema" && canon(am[k]) != canon(bm[k]) {
			w.add(path, "annotation-changed", k, k+" changed", Patch)
		}
	}
	for _, k := range []string{"type", "enum"} {
		done[k] = true
		w.set(path, k, am[k], bm[k])
	}
	for _, k := range lowerBounds {
		done[k] = true
		w.bound(path, k, am[k], bm[k], 1)
	}
	for _, k := range upperBounds {
		done[k] = true
		w.bound(path, k, am[k], bm[k], -1)
	}
	done["required"], done["properties"], done["items"] = true, true, true
	reqA, reqB := strSet(am["required"]), strSet(bm["required"])
	pa, pb := asMap(am["properties"]), asMap(bm["properties"])
	for _, k := range unionKeys(pa, pb) {
		sub := join(path, k)
		_, ina := pa[k]
		_, inb := pb[k]
		switch {
		case ina && !inb:
			w.add(sub, "property-removed", "properties", "property removed", Major)
		case inb && !ina:
			if reqB[k] {
				w.add(sub, "property-added", "properties", "property added (required)", Major)
			} else {
				w.add(sub, "property-added", "properties", "property added (optional)", Minor)
			}
		default:
			if err := w.node(sub, pa[k], pb[k], stack, depth+1); err != nil {
				return err
			}
		}
	}
	for _, k := range unionSet(reqA, reqB) {
		_, ina := pa[k]
		_, inb := pb[k]
		switch {
		case reqB[k] && !reqA[k] && ina:
			w.add(join(path, k), "required-added", "required", "now required", Major)
		case reqA[k] && !reqB[k] && inb:
			w.add(join(path, k), "required-removed", "required", "no longer required", Minor)
		}
	}
	ia, ib := am["items"], bm["items"]
	_, tupleA := ia.([]any)
	_, tupleB := ib.([]any)
	switch {
	case ia != nil && ib != nil && !tupleA && !tupleB:
		if err := w.node(path+"[]", ia, ib, stack, depth+1); err != nil {
			return err
		}
	default:
		w.keyword(path, "items", ia, ib)
	}
	for _, k := range unionKeys(am, bm) {
		if !done[k] {
			w.keyword(path, k, am[k], bm[k])
		}
	}
	return nil
}

// keyword compares a constraint keyword as JSON: adding a constraint
// accepts fewer documents, removing one accepts more, and a change is
// assumed to accept fewer.
func (w *schemaWalk) keyword(path, k string, x, y any) {
	cx, cy := canon(x), canon(y)
	switch {
	case cx == cy:
	case x == nil:
		w.add(path, "keyword-added", k, fmt.Sprintf("%s added: %s", k, cy), Major)
	case y == nil:
		w.add(path, "keyword-removed", k, fmt.Sprintf("%s removed (was %s)", k, cx), Minor)
	default:
		w.add(path, "keyword-changed", k, fmt.Sprintf("%s changed from %s to %s", k, cx, cy), Major)
	}
}

// set compares type or enum as sets: a subset narrows, a superset
// widens.
func (w *schemaWalk) set(path, k string, x, y any) {
	if canon(x) == canon(y) {
		return
	}
	if x == nil || y == nil {
		w.keyword(path, k, x, y)
		return
	}
	sx, sy := valueSet(x), valueSet(y)
	name := k
	switch {
	case subset(sy, sx):
		w.add(path, name+"-narrowed", k, fmt.Sprintf("%s narrowed from %s to %s", k, canon(x), canon(y)), Major)
	case subset(sx, sy):
		w.add(path, name+"-widened", k, fmt.Sprintf("%s widened from %s to %s", k, canon(x), canon(y)), Minor)
	default:
		w.add(path, name+"-changed", k, fmt.Sprintf("%s changed from %s to %s", k, canon(x), canon(y)), Major)
	}
}

// bound compares a numeric bound; dir is 1 for lower bounds, -1 for
// upper ones.
func (w *schemaWalk) bound(path, k string, x, y any, dir int) {
	nx, okx := x.(json.Number)
	ny, oky := y.(json.Number)
	if !okx || !oky {
		w.keyword(path, k, x, y)
		return
	}
	fx, errx := nx.Float64()
	fy, erry := ny.Float64()
	if errx != nil || erry != nil || fx == fy {
		w.keyword(path, k, x, y)
		return
	}
	if (fy > fx) == (dir > 0) {
		w.add(path, "bound-tightened", k, fmt.Sprintf("%s tightened from %s to %s", k, nx, ny), Major)
	} else {
		w.add(path, "bound-loosened", k, fmt.Sprintf("%s loosened from %s to %s", k, nx, ny), Minor)
	}
}

func display(path string) string {
	if path == "" {
		return "(record)"
	}
	return path
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// canon is v's JSON with sorted keys, or "" for absent.
func canon(v any) string {
	if v == nil {
		return ""
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func unionKeys(a, b map[string]any) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func unionSet(a, b map[string]bool) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if !a[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func strSet(v any) map[string]bool {
	s := map[string]bool{}
	l, _ := v.([]any)
	for _, e := range l {
		if x, ok := e.(string); ok {
			s[x] = true
		}
	}
	return s
}

// valueSet is the set of JSON values of a type or enum keyword (a
// single type name is a set of one).
func valueSet(v any) map[string]bool {
	s := map[string]bool{}
	if l, ok := v.([]any); ok {
		for _, e := range l {
			s[canon(e)] = true
		}
		return s
	}
	s[canon(v)] = true
	return s
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
