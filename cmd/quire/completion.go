package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

const completionHelp = `
Print a completion script for a shell, made from the flag sets the
commands parse, so a new flag is completed as soon as it exists:

  bash   source <(quire completion bash), or save it as
         ~/.local/share/bash-completion/completions/quire
  zsh    quire completion zsh > "${fpath[1]}/_quire" (then compinit)
  fish   quire completion fish > ~/.config/fish/completions/quire.fish

Commands, their flags and the values of flags that take one of a few
words (-format, -level, -color) are completed; flags that take a file or
a directory complete file or directory names, as do the arguments of
the commands that take files.
`

// shells are the shells quire completion writes a script for.
var shells = []string{"bash", "fish", "zsh"}

func runCompletion(e *env, args []string) int {
	fs := newFlags(e, "completion", "bash|zsh|fish", completionHelp)
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return e.usageError(fs, "want one shell: %s", strings.Join(shells, ", "))
	}
	cmds := completionSpecs()
	var err error
	switch pos[0] {
	case "bash":
		err = writeBash(e.stdout, cmds)
	case "zsh":
		err = writeZsh(e.stdout, cmds)
	case "fish":
		err = writeFish(e.stdout, cmds)
	default:
		return e.usageError(fs, "unknown shell %q: want %s", pos[0], strings.Join(shells, ", "))
	}
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	return exitOK
}

// cmdSpec is what completion knows of a command.
type cmdSpec struct {
	name, summary string
	flags         []flagSpec
	args          argKind // what its positional arguments are
	words         []string
}

// flagSpec is what completion knows of a flag.
type flagSpec struct {
	name, usage string
	value       argKind  // what the flag's value is; argNone for a bool flag
	choices     []string // for argWords
}

type argKind int

const (
	argNone  argKind = iota // nothing to complete
	argFiles                // file names
	argDirs                 // directory names
	argWords                // one of a few words
	argFree                 // a value, but nothing to suggest (a number, a name)
)

// commandArgs is what each command's positional arguments are.
var commandArgs = map[string]argKind{
	"add": argFiles, "validate": argFiles, "normalize": argFiles, "inspect": argFiles,
	"diff": argFiles, "sign": argFiles, "help": argWords, "completion": argWords,
}

// completionSpecs collects every command's flags from the flag set the
// command itself builds: each command is run with env.flagSets set,
// which hands over its flag set at parseFlags and stops it there.
func completionSpecs() []cmdSpec {
	var specs []cmdSpec
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	sort.Strings(names)
	for _, c := range commands() {
		var got *flag.FlagSet
		ce := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" },
			flagSets: func(fs *flag.FlagSet) { got = fs }}
		c.run(ce, nil)
		s := cmdSpec{name: c.name, summary: c.summary, args: commandArgs[c.name]}
		if c.name == "completion" {
			s.words = shells
		}
		if got != nil {
			got.VisitAll(func(f *flag.Flag) { s.flags = append(s.flags, describeFlag(f)) })
		}
		specs = append(specs, s)
	}
	specs = append(specs, cmdSpec{name: "help", summary: "explain a command", args: argWords, words: names})
	sort.Slice(specs, func(i, j int) bool { return specs[i].name < specs[j].name })
	return specs
}

// choiceList finds the values a flag's usage lists at its end, after a
// colon: "output `format`: text, json or github", "colour text output:
// auto (on a terminal), always or never".
var choiceList = regexp.MustCompile(`:\s+((?:[a-z]+(?: \([^)]*\))?, )*[a-z]+(?: \([^)]*\))? or [a-z]+(?: \([^)]*\))?)$`)

var parenthetical = regexp.MustCompile(` \([^)]*\)`)

// describeFlag says what completion offers for a flag's value: nothing
// for a bool flag, the words its usage lists, directory or file names by
// the name its usage gives the value, else nothing to suggest.
func describeFlag(f *flag.Flag) flagSpec {
	name, usage := flag.UnquoteUsage(f)
	fs := flagSpec{name: f.Name, usage: usage}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return fs
	}
	if m := choiceList.FindStringSubmatch(usage); m != nil {
		list := parenthetical.ReplaceAllString(m[1], "")
		fs.value, fs.choices = argWords, strings.FieldsFunc(strings.ReplaceAll(list, " or ", ", "), func(r rune) bool { return r == ',' || r == ' ' })
		return fs
	}
	switch strings.ToLower(name) {
	case "directory":
		fs.value = argDirs
	case "file", "bundle", "pubkey", "seckey":
		fs.value = argFiles
	default:
		fs.value = argFree
	}
	return fs
}

// short is the first clause of a usage, for a one-line description.
func short(usage string) string {
	if i := strings.IndexAny(usage, ":("); i > 0 {
		usage = usage[:i]
	}
	return strings.TrimSpace(usage)
}

func writeBash(w io.Writer, cmds []cmdSpec) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# bash completion for quire %s; made by 'quire completion bash'.\n", quireVersion)
	b.WriteString("_quire() {\n")
	b.WriteString("    local cur prev flags\n")
	b.WriteString("    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n")
	b.WriteString("    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n")
	b.WriteString("    COMPREPLY=()\n")
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
	}
	b.WriteString("    if [ \"$COMP_CWORD\" -eq 1 ]; then\n")
	fmt.Fprintf(&b, "        COMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(append(names, "-version", "--version", "-h"), " "))
	b.WriteString("        return\n    fi\n")
	b.WriteString("    case \"${COMP_WORDS[1]}\" in\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "    %s)\n", c.name)
		if len(c.flags) > 0 {
			b.WriteString("        case \"$prev\" in\n")
			for _, f := range c.flags {
				var action string
				switch f.value {
				case argNone:
					continue
				case argWords:
					action = fmt.Sprintf("COMPREPLY=($(compgen -W %q -- \"$cur\"))", strings.Join(f.choices, " "))
				case argFiles:
					action = "COMPREPLY=($(compgen -f -- \"$cur\"))"
				case argDirs:
					action = "COMPREPLY=($(compgen -d -- \"$cur\"))"
				case argFree:
					action = ":"
				}
				fmt.Fprintf(&b, "        -%s|--%s) %s; return;;\n", f.name, f.name, action)
			}
			b.WriteString("        esac\n")
		}
		var fl []string
		for _, f := range c.flags {
			fl = append(fl, "-"+f.name)
		}
		fl = append(fl, "-h")
		fmt.Fprintf(&b, "        flags=%q\n", strings.Join(fl, " "))
		b.WriteString("        case \"$cur\" in\n")
		b.WriteString("        --*) COMPREPLY=($(compgen -W \"$(printf -- '-%s ' $flags)\" -- \"$cur\")); return;;\n")
		b.WriteString("        -*) COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\")); return;;\n")
		b.WriteString("        esac\n")
		switch c.args {
		case argFiles:
			b.WriteString("        COMPREPLY=($(compgen -f -- \"$cur\"))\n")
		case argWords:
			fmt.Fprintf(&b, "        [ \"$COMP_CWORD\" -eq 2 ] && COMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(c.words, " "))
		}
		b.WriteString("        ;;\n")
	}
	b.WriteString("    esac\n}\n")
	b.WriteString("complete -o filenames -F _quire quire\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// zshQuote escapes s for a zsh _arguments description or value list.
func zshQuote(s string) string {
	return strings.NewReplacer(`'`, `'\''`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}

func writeZsh(w io.Writer, cmds []cmdSpec) error {
	var b strings.Builder
	fmt.Fprintf(&b, "#compdef quire\n# zsh completion for quire %s; made by 'quire completion zsh'.\n", quireVersion)
	b.WriteString("_quire() {\n")
	b.WriteString("    local line state\n")
	b.WriteString("    _arguments -C '(- *)'{-version,--version}'[print the version]' '1: :->cmds' '*::arg:->args'\n")
	b.WriteString("    case $state in\n")
	b.WriteString("    cmds)\n        local -a cmds\n        cmds=(\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "            '%s:%s'\n", c.name, zshQuote(c.summary))
	}
	b.WriteString("        )\n        _describe command cmds\n        ;;\n")
	b.WriteString("    args)\n        case $line[1] in\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "        %s)\n", c.name)
		if len(c.flags) == 0 && c.args == argNone {
			b.WriteString("            _message 'no arguments'\n            ;;\n")
			continue
		}
		b.WriteString("            _arguments -S \\\n")
		for _, f := range c.flags {
			spec := fmt.Sprintf("'-%s[%s]", f.name, zshQuote(short(f.usage)))
			switch f.value {
			case argWords:
				spec += fmt.Sprintf(":%s:(%s)", f.name, strings.Join(f.choices, " "))
			case argFiles:
				spec += fmt.Sprintf(":%s:_files", f.name)
			case argDirs:
				spec += fmt.Sprintf(":%s:_files -/", f.name)
			case argFree:
				spec += fmt.Sprintf(":%s: ", f.name)
			}
			fmt.Fprintf(&b, "                %s' \\\n", spec)
		}
		switch c.args {
		case argFiles:
			b.WriteString("                '*:file:_files'\n")
		case argWords:
			fmt.Fprintf(&b, "                '1:%s:(%s)'\n", c.name, strings.Join(c.words, " "))
		default:
			b.WriteString("                '*: :'\n")
		}
		b.WriteString("            ;;\n")
	}
	b.WriteString("        esac\n        ;;\n    esac\n}\n")
	b.WriteString("if [ \"$funcstack[1]\" = \"_quire\" ]; then\n    _quire \"$@\"\nelse\n    compdef _quire quire\nfi\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// fishQuote quotes s for fish, in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func writeFish(w io.Writer, cmds []cmdSpec) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# fish completion for quire %s; made by 'quire completion fish'.\n", quireVersion)
	b.WriteString("complete -c quire -f\n")
	b.WriteString("complete -c quire -n __fish_use_subcommand -o version -d 'print the version'\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "complete -c quire -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	for _, c := range cmds {
		cond := fishQuote("__fish_seen_subcommand_from " + c.name)
		for _, f := range c.flags {
			line := fmt.Sprintf("complete -c quire -n %s -o %s -d %s", cond, f.name, fishQuote(short(f.usage)))
			switch f.value {
			case argWords:
				line += " -x -a " + fishQuote(strings.Join(f.choices, " "))
			case argFiles:
				line += " -r -F"
			case argDirs:
				line += " -x -a '(__fish_complete_directories)'"
			case argFree:
				line += " -x"
			}
			b.WriteString(line + "\n")
		}
		switch c.args {
		case argFiles:
			fmt.Fprintf(&b, "complete -c quire -n %s -F\n", cond)
		case argWords:
			fmt.Fprintf(&b, "complete -c quire -n %s -x -a %s\n", cond, fishQuote(strings.Join(c.words, " ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
