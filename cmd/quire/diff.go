package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/release"
)

const diffHelp = `
Compare two versions of a dataset and say what changed: records added,
removed, renamed and changed (fields, a paragraph-level unified diff of
the text, removed-boilerplate lines), schema, rules and manifest changes.

OLD and NEW may each be a bundle (.tar.zst), a seeds directory or a JSON
Lines file of records sorted by id. A seeds directory's records are made
on the fly exactly as quire build makes them (the same repeated-line
pre-pass over that directory, with -repeats K as build's), so a release
compared with the seeds it was built from shows no change. Records are
streamed in id order, so memory does not grow with the dataset, except
for rename detection (see -no-renames).

With -bump, print the smallest semver bump the change requires and why:
major when records are removed or renamed or the schema changes
incompatibly, minor when records are added or optional fields appear,
patch when only record content, rules or manifest fields change.

The output is deterministic; -format markdown gives release notes.

On a terminal, a progress line on stderr shows the bytes read of OLD and
NEW against their total size, the rate and the time left; it is cleared
before the result and never shown with -quiet, -format json or when
stderr is not a terminal.
`

func runDiff(e *env, args []string) int {
	fs := newFlags(e, "diff", "[flags] OLD NEW", diffHelp)
	format := fs.String("format", "text", "output `format`: text, json or markdown")
	stat := fs.Bool("stat", false, "print counts only")
	bump := fs.Bool("bump", false, "print the required semver bump and its reasons")
	noRenames := fs.Bool("no-renames", false, "do not pair removed and added records with the same content")
	context_ := fs.Int("context", diff.DefaultContext, "unchanged `paragraphs` shown around a text change")
	maxDetails := fs.Int("max-details", 0, "print at most `N` changed records in detail (0: all in text, 100 in markdown)")
	color := fs.String("color", "auto", "colour text output: auto (on a terminal), always or never")
	repeats := fs.Int("repeats", release.DefaultRepeats, "for a seeds directory: remove lines found in at least `K` of its documents, as build -repeats does (0: off)")
	quiet := fs.Bool("quiet", false, "no progress output")
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		return e.usageError(fs, "want OLD and NEW, got %d arguments", len(pos))
	}
	// Progress goes to a terminal only, and never with machine output.
	// The report streams to stdout while it is shown: each write clears
	// the line first.
	prog := e.newProgress(*quiet || *format == "json", "diff", "", 0)
	defer prog.finish()
	var rep diff.Reporter
	w := bufio.NewWriterSize(prog.writer(e.stdout), 64<<10)
	defer w.Flush()
	switch {
	case *bump:
		rep = diff.NewStat(io.Discard)
	case *stat:
		rep = diff.NewStat(w)
	case *format == "text":
		useColor := *color == "always" || (*color == "auto" && e.stdoutIsTerminal)
		rep = diff.NewText(w, diff.TextOptions{Color: useColor, MaxDetails: *maxDetails})
	case *format == "json":
		rep = diff.NewJSON(w)
	case *format == "markdown":
		rep = diff.NewMarkdown(w, diff.MarkdownOptions{MaxDetails: *maxDetails})
	default:
		e.errorf("unknown -format %q (want text, json or markdown)", *format)
		return exitTrouble
	}
	if *color != "auto" && *color != "always" && *color != "never" {
		e.errorf("unknown -color %q (want auto, always or never)", *color)
		return exitTrouble
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Each side adds its size to the progress line's total as it opens.
	// Only reads redraw the line, and before the first interval none
	// does: opening reads at most a buffer of a bundle, and a seeds side
	// starts normalizing at its first Next, so the line shows both sides'
	// total from the start.
	ro := e.recipeOptions(*repeats)
	if err := ro.Check(); err != nil {
		return e.optionError(err)
	}
	oldSide, _, err := openSide(ctx, pos[0], ro, prog)
	if err != nil {
		prog.finish()
		e.errorf("%v", err)
		return exitTrouble
	}
	defer oldSide.Close()
	newSide, _, err := openSide(ctx, pos[1], ro, prog)
	if err != nil {
		prog.finish()
		e.errorf("%v", err)
		return exitTrouble
	}
	defer newSide.Close()
	ctxOpt := *context_
	if ctxOpt == 0 {
		ctxOpt = -1 // the flag's 0 means none; the library's 0 means default
	}
	res, err := diff.Run(oldSide, newSide, diff.Options{NoRenames: *noRenames, Context: ctxOpt}, rep)
	prog.finish()
	if err != nil {
		w.Flush()
		e.errorf("diff %s %s: %v", pos[0], pos[1], err)
		return exitTrouble
	}
	if *bump {
		b := diff.Required(res)
		fmt.Fprintf(w, "%s\n", b.Level)
		for _, r := range b.Reasons {
			fmt.Fprintf(w, "  %s: %s\n", r.Level, r.Why)
		}
	}
	if res.Identical() {
		return exitOK
	}
	return exitInvalid
}
