// Command quire turns raw text documents into a verifiable dataset
// release, checks contributions and releases, and diffs versions.
//
// This package is wiring only: flags, file paths, output formatting and
// exit codes. The work is done by the packages under dataset/.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/corpus"
)

// quireVersion is recorded in every bundle's manifest. It is a constant,
// not read from build info, so that the same sources give the same
// bundle bytes whichever commit or checkout built them.
const quireVersion = "0.1.0"

// Exit statuses, as documented in usage.
const (
	exitOK      = 0 // success; valid; identical
	exitInvalid = 1 // invalid input found; differences found
	exitTrouble = 2 // usage error or I/O trouble
)

// env is what a command may touch of the outside world, passed down
// explicitly so tests can run commands in-process and capture output.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// stderrIsTerminal enables progress output and colour.
	stderrIsTerminal bool
	stdoutIsTerminal bool
	// now is the clock of progress lines (nil: time.Now); tests set it
	// to see redraws without waiting.
	now func() time.Time
	// listing tunes how seeds directories are listed; zero in main, tests
	// set a tiny run size so that the listing spills and merges.
	listing corpus.ListOptions
	// flagSets, if set, is handed each command's flag set instead of the
	// command running: quire completion writes its scripts from the flag
	// sets the commands really parse, so the two cannot drift apart.
	flagSets func(*flag.FlagSet)
	// buildInfo reads the binary's build information (nil:
	// debug.ReadBuildInfo); tests give another.
	buildInfo func() (*debug.BuildInfo, bool)
}

// errorf and hintf write one diagnostic line each. The message is
// escaped (report.Escape): paths and errors can hold untrusted names,
// and a name with a newline must not start a line of its own (a fake
// "quire: error:" or a GitHub "::error" command).
func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "quire: error: %s\n", report.Escape(fmt.Sprintf(format, args...)))
}

func (e *env) hintf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "quire: hint: %s\n", report.Escape(fmt.Sprintf(format, args...)))
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

func commands() []command {
	return []command{
		{"build", "normalize a directory of raw documents into a release bundle", runBuild},
		{"validate", "check bundles and contributions; never changes anything", runValidate},
		{"add", "check raw documents and copy them into seeds/ under canonical names", runAdd},
		{"normalize", "print the record of each raw document as JSON Lines", runNormalize},
		{"inspect", "print a bundle's manifest", runInspect},
		{"export", "write a bundle's records as JSON Lines, CSV or Parquet", runExport},
		{"init", "write quire.toml, a commented starting point for the dataset's metadata", runInit},
		{"diff", "compare two dataset versions; release notes and semver bumps", runDiff},
		{"keygen", "make a key pair for signing releases (minisign format)", runKeygen},
		{"sign", "sign a release bundle, writing BUNDLE.minisig", runSign},
		{"version", "print quire's version and how it was built (also -version)", runVersion},
		{"completion", "print a shell completion script for bash, zsh or fish", runCompletion},
	}
}

const exitStatusHelp = `EXIT STATUS
  0  success: built, valid, identical
  1  invalid input or problems found (validate), differences found (diff)
  2  usage error or I/O trouble
`

func usage(w io.Writer) {
	fmt.Fprintf(w, "quire %s: turn raw text documents into a verifiable dataset release\n\n", quireVersion)
	fmt.Fprintf(w, "USAGE\n  quire <command> [flags] [args]\n  quire help <command>\n\nCOMMANDS\n")
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\n%s", exitStatusHelp)
}

func main() {
	e := &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv,
		stderrIsTerminal: isTerminal(os.Stderr), stdoutIsTerminal: isTerminal(os.Stdout),
		now: time.Now,
	}
	os.Exit(profiled(e, func() int { return run(e, os.Args[1:]) }))
}

// profiled runs f, writing a CPU profile to the file named by
// QUIRE_CPUPROFILE if that is set: a developer's aid for finding what
// bounds a command on a real corpus (docs/BENCHMARKS.md).
func profiled(e *env, f func() int) int {
	name := e.getenv("QUIRE_CPUPROFILE")
	if name == "" {
		return f()
	}
	out, err := os.Create(name)
	if err != nil {
		e.errorf("QUIRE_CPUPROFILE: %v", err)
		return exitTrouble
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		e.errorf("QUIRE_CPUPROFILE: %v", err)
		return exitTrouble
	}
	code := f()
	pprof.StopCPUProfile()
	if err := out.Close(); err != nil {
		e.errorf("QUIRE_CPUPROFILE: %v", err)
		return exitTrouble
	}
	return code
}

func run(e *env, args []string) int {
	if len(args) == 0 {
		e.errorf("no command given")
		usage(e.stderr)
		return exitTrouble
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			usage(e.stdout)
			return exitOK
		}
		name, rest = rest[0], []string{"-h"}
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(e, rest)
		}
	}
	e.errorf("unknown command %q", name)
	e.hintf("run 'quire help' for the list of commands")
	return exitTrouble
}

// usageError reports a mistake on a command line: one error line and a
// hint to the command's help, exit status 2.
func (e *env) usageError(fs *flag.FlagSet, format string, args ...any) int {
	e.errorf(format, args...)
	e.hintf("run '%s -h' for usage", fs.Name())
	return exitTrouble
}

// newFlags returns a flag set whose -h output is the command's usage
// text and which reports errors instead of exiting.
func newFlags(e *env, name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet("quire "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "USAGE\n  quire %s %s\n\n%s\n", name, synopsis, strings.TrimSpace(description))
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintf(w, "\nFLAGS\n")
			fs.PrintDefaults()
		}
		fmt.Fprintf(w, "\n%s", exitStatusHelp)
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// (quire validate X.tar.zst --format json). It returns the exit status
// to use when parsing did not succeed. Help that was asked for goes to
// stdout; a mistake is one error line and a hint to -h on stderr, never
// the whole usage text.
func (e *env) parseFlags(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	if e.flagSets != nil {
		e.flagSets(fs)
		return nil, exitOK, false
	}
	fs.SetOutput(io.Discard)
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			fs.SetOutput(e.stdout)
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, e.usageError(fs, "%v", err), false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
