package describe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/dataset/metadata"
)

// The card's YAML front matter follows the Hugging Face dataset card
// conventions, so that the extracted bag, uploaded as a dataset
// repository or given to datasets.load_dataset as a directory, loads
// the record shards with the features below. Scalars are written as
// JSON strings, which YAML reads as double-quoted scalars: no value can
// change the document's structure.

// yamlString quotes s for YAML.
func yamlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// hfLicense maps SPDX identifiers to the Hub's licence identifiers where
// they differ from the lowercased SPDX id or where the Hub has one; any
// other licence is "other" with license_name and license_link.
var hfLicense = map[string]string{
	"Apache-2.0": "apache-2.0", "MIT": "mit", "AFL-3.0": "afl-3.0", "Artistic-2.0": "artistic-2.0",
	"BSL-1.0": "bsl-1.0", "BSD-2-Clause": "bsd-2-clause", "BSD-3-Clause": "bsd-3-clause",
	"BSD-3-Clause-Clear": "bsd-3-clause-clear", "CC0-1.0": "cc0-1.0", "CC-BY-2.0": "cc-by-2.0",
	"CC-BY-2.5": "cc-by-2.5", "CC-BY-3.0": "cc-by-3.0", "CC-BY-4.0": "cc-by-4.0",
	"CC-BY-SA-3.0": "cc-by-sa-3.0", "CC-BY-SA-4.0": "cc-by-sa-4.0", "CC-BY-NC-2.0": "cc-by-nc-2.0",
	"CC-BY-NC-3.0": "cc-by-nc-3.0", "CC-BY-NC-4.0": "cc-by-nc-4.0", "CC-BY-ND-4.0": "cc-by-nd-4.0",
	"CC-BY-NC-ND-3.0": "cc-by-nc-nd-3.0", "CC-BY-NC-ND-4.0": "cc-by-nc-nd-4.0",
	"CC-BY-NC-SA-2.0": "cc-by-nc-sa-2.0", "CC-BY-NC-SA-3.0": "cc-by-nc-sa-3.0",
	"CC-BY-NC-SA-4.0": "cc-by-nc-sa-4.0", "CDLA-Sharing-1.0": "cdla-sharing-1.0",
	"CDLA-Permissive-1.0": "cdla-permissive-1.0", "CDLA-Permissive-2.0": "cdla-permissive-2.0",
	"WTFPL": "wtfpl", "ECL-2.0": "ecl-2.0", "EPL-1.0": "epl-1.0", "EPL-2.0": "epl-2.0",
	"etalab-2.0": "etalab-2.0", "EUPL-1.1": "eupl-1.1", "EUPL-1.2": "eupl-1.2",
	"AGPL-3.0-only": "agpl-3.0", "GPL-2.0-only": "gpl-2.0", "GPL-3.0-only": "gpl-3.0",
	"LGPL-2.1-only": "lgpl-2.1", "LGPL-3.0-only": "lgpl-3.0", "ISC": "isc", "LPPL-1.3c": "lppl-1.3c",
	"MS-PL": "ms-pl", "MPL-2.0": "mpl-2.0", "ODC-By-1.0": "odc-by", "ODbL-1.0": "odbl",
	"OSL-3.0": "osl-3.0", "PostgreSQL": "postgresql", "OFL-1.1": "ofl-1.1", "NCSA": "ncsa",
	"Unlicense": "unlicense", "Zlib": "zlib", "PDDL-1.0": "pddl",
}

// sizeCategory is the Hub's size_categories bucket for n records.
func sizeCategory(n int64) string {
	bounds := []struct {
		max  int64
		name string
	}{
		{1e3, "n<1K"}, {1e4, "1K<n<10K"}, {1e5, "10K<n<100K"}, {1e6, "100K<n<1M"},
		{1e7, "1M<n<10M"}, {1e8, "10M<n<100M"}, {1e9, "100M<n<1B"}, {1e10, "1B<n<10B"},
		{1e11, "10B<n<100B"}, {1e12, "100B<n<1T"},
	}
	for _, b := range bounds {
		if n < b.max {
			return b.name
		}
	}
	return "n>1T"
}

// hfDtype is the datasets Value dtype of a leaf. A date is date32: the
// JSON loader reads "YYYY-MM-DD" as a timestamp and would turn it into
// "YYYY-MM-DD 00:00:00" if the card said string.
func hfDtype(k fields.Kind) string {
	switch k {
	case fields.Integer:
		return "int64"
	case fields.Date:
		return "date32"
	}
	return "string"
}

// writeFeatures writes the dataset_info.features list for fs.
func writeFeatures(b *strings.Builder, fs []fields.Field, indent string) {
	for _, f := range fs {
		fmt.Fprintf(b, "%s- name: %s\n", indent, yamlString(f.Name))
		writeFeatureType(b, &f, indent+"  ")
	}
}

func writeFeatureType(b *strings.Builder, f *fields.Field, indent string) {
	switch f.Kind {
	case fields.Struct:
		fmt.Fprintf(b, "%sstruct:\n", indent)
		writeFeatures(b, f.Fields, indent)
	case fields.List:
		switch e := f.Elem; e.Kind {
		case fields.Struct:
			fmt.Fprintf(b, "%slist:\n", indent)
			writeFeatures(b, e.Fields, indent)
		default:
			fmt.Fprintf(b, "%slist: %s\n", indent, hfDtype(e.Kind))
		}
	default:
		fmt.Fprintf(b, "%sdtype: %s\n", indent, hfDtype(f.Kind))
	}
}

func frontMatter(in Input, fs []fields.Field) string {
	var b strings.Builder
	b.WriteString("---\n")
	if meta := in.Meta; meta != nil {
		if id, ok := hfLicense[meta.License]; ok {
			fmt.Fprintf(&b, "license: %s\n", yamlString(id))
		} else {
			fmt.Fprintf(&b, "license: other\nlicense_name: %s\nlicense_link: %s\n",
				yamlString(strings.ToLower(meta.License)), yamlString(metadata.SPDXURL(meta.License)))
		}
		if len(meta.Languages) > 0 {
			b.WriteString("language:\n")
			for _, l := range meta.Languages {
				fmt.Fprintf(&b, "- %s\n", yamlString(l))
			}
		}
		if len(meta.TaskCategories) > 0 {
			b.WriteString("task_categories:\n")
			for _, t := range meta.TaskCategories {
				fmt.Fprintf(&b, "- %s\n", yamlString(t))
			}
		}
	}
	fmt.Fprintf(&b, "pretty_name: %s\n", yamlString(title(in)))
	fmt.Fprintf(&b, "size_categories:\n- %s\n", yamlString(sizeCategory(in.Manifest.RecordCount)))
	b.WriteString("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path:\n")
	for _, p := range shardPaths(in.Manifest) {
		fmt.Fprintf(&b, "    - %s\n", yamlString("data/"+p))
	}
	// No splits: their sizes are the Arrow table's, which only datasets
	// can compute, and a wrong one makes it refuse the load.
	b.WriteString("dataset_info:\n  config_name: default\n  features:\n")
	writeFeatures(&b, fs, "  ")
	b.WriteString("---\n")
	return b.String()
}

// mdCell makes s safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}

// typeName is a field's type as the card's field table says it.
func typeName(f *fields.Field) string {
	var s string
	switch f.Kind {
	case fields.List:
		s = "list of " + typeName(f.Elem)
	case fields.Struct:
		var names []string
		for _, c := range f.Fields {
			names = append(names, c.Name)
		}
		s = "{" + strings.Join(names, ", ") + "}"
	case fields.Date:
		s = "date (YYYY-MM-DD)"
	default:
		s = f.Kind.String()
	}
	if f.Nullable {
		s += " or null"
	}
	if f.Optional {
		s += ", optional"
	}
	return s
}

func card(in Input, fs []fields.Field) ([]byte, error) {
	m, st, meta := in.Manifest, in.Stats, in.Meta
	var b strings.Builder
	b.WriteString(frontMatter(in, fs))
	fmt.Fprintf(&b, "\n# %s\n\n%s\n\n", mdCell(title(in)), description(in))

	b.WriteString("| | |\n|---|---|\n")
	row := func(k, v string) { fmt.Fprintf(&b, "| %s | %s |\n", k, v) }
	created := "no date (built without SOURCE_DATE_EPOCH)"
	if m.Created != "" {
		created = m.Created
	}
	row("Release", fmt.Sprintf("`%s` version %s, %s", m.Name, m.Version, created))
	row("Records", fmt.Sprintf("%d in %d shard(s) of JSON Lines, %s (%d bytes)", m.RecordCount, len(m.Shards), humanBytes(st.bytes), st.bytes))
	if meta != nil {
		row("Licence", fmt.Sprintf("[%s](%s)", meta.License, metadata.SPDXURL(meta.License)))
		if len(meta.Languages) > 0 {
			row("Languages", strings.Join(meta.Languages, ", "))
		}
		if meta.Homepage != "" {
			row("Homepage", fmt.Sprintf("<%s>", meta.Homepage))
		}
		if meta.Source.Organization != "" {
			row("Source", mdCell(meta.Source.Organization))
		}
		if meta.Contact.Name != "" || meta.Contact.Email != "" {
			c := mdCell(meta.Contact.Name)
			if meta.Contact.Email != "" {
				c = strings.TrimSpace(c + " " + fmt.Sprintf("<%s>", meta.Contact.Email))
			}
			row("Contact", c)
		}
	} else {
		row("Licence", "not stated: the maintainer has not said under which licence the records may be used")
	}
	row("Made by", fmt.Sprintf("quire %s, normalizer rules %s", m.QuireVersion, m.Rules.Version))
	row("Schema", fmt.Sprintf("`%s` (`data/%s`)", m.Schema.ID, m.Schema.Path))

	b.WriteString("\n## Records\n\nOne JSON object per line in `data/records/*.jsonl`, sorted by `id`, validated against the JSON Schema in `data/" + m.Schema.Path + "`. Fields:\n\n")
	b.WriteString("| field | type | content |\n|---|---|---|\n")
	fields.Walk(fs, func(path []string, f *fields.Field) {
		if f.Name != "" {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", fields.Name(path, "."), mdCell(typeName(f)), mdCell(f.Description))
		}
	})

	fmt.Fprintf(&b, "\n## What the normalizer removed\n\n")
	fmt.Fprintf(&b, "Each record keeps its article text; boilerplate the scraper left (menus, promos, captions' credits, footers, …) was removed by quire's normalizer, rules %s (sha256 `%s`), and every removed line or span is kept in the record's `removed` list with the rule that removed it. ", m.Rules.Version, m.Rules.SHA256)
	fmt.Fprintf(&b, "In this release: %d removed lines or spans, %d photo captions kept apart in `captions`, %s of article text.\n\n", st.removedN, st.captions, humanBytes(st.textBytes))
	if r := m.Rules.Repeats; r != nil {
		fmt.Fprintf(&b, "Lines found in at least %d of the %d documents were treated as site furniture (corpus-level repetition).\n\n", r.K, r.Docs)
	}
	if len(st.removed) > 0 {
		b.WriteString("| rule family | removed | rules |\n|---|---:|---|\n")
		for _, f := range families(st.removed, in.Family) {
			var rules []string
			for _, r := range f.rules {
				rules = append(rules, fmt.Sprintf("`%s` %d", mdCell(r.name), r.n))
			}
			fmt.Fprintf(&b, "| %s | %d | %s |\n", mdCell(f.name), f.n, strings.Join(rules, ", "))
		}
		b.WriteString("\n")
	}

	b.WriteString("## Coverage\n\n")
	fmt.Fprintf(&b, "- Titles: %d of %d records have one (never guessed from the first sentence).\n", m.RecordCount-st.untitled, m.RecordCount)
	if hasField(fs, "authors") {
		fmt.Fprintf(&b, "- Authors: named in %s (from a byline in the text).\n", records(st.bylined))
	}
	if hasField(fs, "language") {
		var langs []string
		for _, c := range sorted(st.languages) {
			if c.name == "" {
				langs = append(langs, fmt.Sprintf("not detected (%d)", c.n))
			} else {
				langs = append(langs, fmt.Sprintf("%s (%d)", c.name, c.n))
			}
		}
		fmt.Fprintf(&b, "- Language of the text: %s.\n", strings.Join(langs, ", "))
	}
	if st.first != "" {
		fmt.Fprintf(&b, "- Published: %s to %s, for the %s whose text states a date; %d have none.\n", st.first, st.last, records(m.RecordCount-st.undated), st.undated)
	} else {
		b.WriteString("- Published: no record's text states a date.\n")
	}
	if len(st.outlets) > 0 {
		const show = 20
		oc := sorted(st.outlets)
		var names []string
		for i, c := range oc {
			if i == show {
				break
			}
			names = append(names, fmt.Sprintf("%s (%d)", mdCell(c.name), c.n))
		}
		more := ""
		switch {
		case st.manyOut:
			more = fmt.Sprintf(", and more than %d others", maxOutlets-show)
		case len(oc) > show:
			more = fmt.Sprintf(", and %d others", len(oc)-show)
		}
		fmt.Fprintf(&b, "- Outlets, where the text names one: %s%s; none in %s.\n", strings.Join(names, ", "), more, records(st.noOutlet))
	} else {
		b.WriteString("- Outlets: no record's text names one.\n")
	}

	bag := m.Name + "-" + m.Version
	fmt.Fprintf(&b, "\n## Loading\n\nFrom the extracted bag (`tar --zstd -xf %s.tar.zst`):\n\n", bag)
	fmt.Fprintf(&b, "```sh\njq -c 'select(.published != null) | {id, title, published}' %s/data/records/*.jsonl\n```\n\n", bag)
	fmt.Fprintf(&b, "```python\nfrom datasets import load_dataset\nds = load_dataset(%q, split=\"train\")   # the features above\n```\n\n", bag)
	fmt.Fprintf(&b, "As Parquet, for DuckDB, pandas or Spark: `quire export %s.tar.zst -format parquet -o %s.parquet`, then\n`duckdb -c \"SELECT outlet, count(*) FROM '%s.parquet' GROUP BY ALL\"`.\n", bag, bag, bag)
	b.WriteString("Frictionless (`data/datapackage.json`) and Croissant (`data/croissant.json`) descriptors list the same files with their sha256.\n")

	fmt.Fprintf(&b, "\n## Verifying\n\nThe release is a zstd-compressed BagIt bag; every file is listed with its sha256.\n\n```sh\n")
	fmt.Fprintf(&b, "sha256sum -c %s.tar.zst.sha256                 # the file is the one released\n", bag)
	fmt.Fprintf(&b, "minisign -Vm %s.tar.zst -p quire.pub           # its signature, if one is published\n", bag)
	fmt.Fprintf(&b, "quire validate %s.tar.zst                      # every checksum, record and schema rule\n", bag)
	fmt.Fprintf(&b, "cd %s && sha256sum -c manifest-sha256.txt tagmanifest-sha256.txt   # the extracted bag\n```\n", bag)

	if meta != nil && strings.TrimSpace(meta.Citation) != "" {
		c := strings.TrimRight(meta.Citation, "\n ")
		fence := "```"
		for strings.Contains(c, fence) {
			fence += "`"
		}
		fmt.Fprintf(&b, "\n## Citation\n\n%s\n%s\n%s\n", fence, c, fence)
	}
	return []byte(b.String()), nil
}

// humanBytes formats n in binary units, for prose.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

type family struct {
	count
	rules []count
}

// families groups removal counts by rule family, largest first.
func families(byRule map[string]int64, fam func(string) string) []family {
	if fam == nil {
		fam = func(id string) string { return id }
	}
	idx := map[string]int{}
	var out []family
	for _, r := range sorted(byRule) {
		name := fam(r.name)
		i, ok := idx[name]
		if !ok {
			i = len(out)
			idx[name] = i
			out = append(out, family{count: count{name: name}})
		}
		out[i].n += r.n
		out[i].rules = append(out[i].rules, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].name < out[j].name
	})
	return out
}

// hasField reports whether the schema has a top-level field name: a
// card of a release made with an older schema says nothing of a field
// its records do not have.
func hasField(fs []fields.Field, name string) bool {
	for _, f := range fs {
		if f.Name == name {
			return true
		}
	}
	return false
}

// records is "1 record" or "N records".
func records(n int64) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}
