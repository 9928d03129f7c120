// Package linecheck is the one definition of a valid record line: what
// the bundle writer accepts (bundle.Prepare, bundle.PrepareLine), what
// the bundle checker and reader accept, what quire validate accepts in
// JSON Lines (dataset/contrib) and what quire normalize prints.
//
//   - One order of checks, each step only on a line that passed the one
//     before: the length (record.MaxLineBytes); a blank line; the JSON
//     itself (record.CheckJSON: UTF-8, lone surrogates, duplicate keys,
//     depth, one value); the schema of the line's record version, every
//     violation with its JSON pointer; strict decoding in that version
//     (record.Version.Unmarshal), reported only if the schema found
//     nothing, since a line the schema refuses often cannot decode; and
//     the canonical form, only for a line the schema accepts.
//   - One set of report codes and messages (Problem); the caller adds
//     where the line is (file, member, line number, record id) with
//     Problem.At.
//   - The record version of a line is the schema's (New: a bundle names
//     its schema) or, for JSON Lines, which name none, the oldest version
//     that has every field of the line (NewAny, record.Sniff). Writers
//     encode in the schema's version (Checker.Record).
//   - A fast path decides most valid lines without the slow path's cost
//     (fast.go); it only ever says "valid", and only when the slow path
//     would. Differential tests and fuzz targets hold it to that.
//
// Why a package of its own: the check needs the JSON Schema validator
// (package schema, gojsonschema) and the report codes, while package
// record — the record and its codec — needs neither, and whatever only
// encodes or decodes records (diff, normalize, generators) should not
// carry a schema validator. Imports: dataset/record, dataset/report,
// schema.
package linecheck
