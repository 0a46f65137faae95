namespace Leviathan.Tools.Policy;

/// <summary>Turns parsed scripts into <see cref="CommandAnalysis"/>: takes wrappers off, follows nested shells and eval.</summary>
internal sealed class ShellAnalyzer(CommandAnalysis analysis)
{
    private readonly HashSet<ShellCommand> _fedByDownload = new(ReferenceEqualityComparer.Instance);

    private const int MaxDepth = ShellParser.MaxDepth;

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal)
    {
        "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "posh", "yash", "fish", "csh", "tcsh", "rbash",
    };

    // Variables whose value a program runs as a shell command line.
    private static readonly HashSet<string> CommandVariables = new(StringComparer.Ordinal)
    {
        "GIT_SSH_COMMAND", "GIT_PAGER", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "GIT_EXTERNAL_DIFF", "GIT_PROXY_COMMAND", "PAGER", "EDITOR", "VISUAL", "PROMPT_COMMAND",
    };

    private static readonly HashSet<string> GitCommandKeys = new(StringComparer.Ordinal)
    {
        "core.pager", "core.editor", "core.sshcommand", "core.fsmonitor", "core.gitproxy", "diff.external", "sequence.editor", "gpg.program", "gpg.ssh.program", "uploadpack.packobjectshook",
    };

    private static readonly HashSet<string> Downloaders = new(StringComparer.Ordinal)
    {
        "curl", "wget", "fetch", "aria2c", "nc", "ncat", "netcat", "socat", "http", "https", "lynx", "links", "ftp", "tftp",
    };

    // Options of wrappers that take a value (so the value is not mistaken for the program).
    private static readonly Dictionary<string, string[]> ValueOptions = new(StringComparer.Ordinal)
    {
        ["env"] = ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
        ["exec"] = ["-a"],
        ["nice"] = ["-n", "--adjustment"],
        ["timeout"] = ["-s", "--signal", "-k", "--kill-after"],
        ["stdbuf"] = ["-i", "-o", "-e", "--input", "--output", "--error"],
        ["time"] = ["-f", "--format", "-o", "--output"],
        ["sudo"] = ["-u", "--user", "-g", "--group", "-C", "--close-from", "-D", "--chdir", "-h", "--host", "-p", "--prompt", "-r", "--role", "-t", "--type", "-U", "--other-user", "-T", "--command-timeout", "-R", "--chroot"],
        ["doas"] = ["-u", "-C"],
        ["xargs"] = ["-a", "--arg-file", "-d", "--delimiter", "-E", "-I", "-L", "--max-lines", "-n", "--max-args", "-P", "--max-procs", "-s", "--max-chars", "--process-slot-var"],
        ["ionice"] = ["-c", "--class", "-n", "--classdata"],
        ["chrt"] = [],
        ["setsid"] = [],
        ["nohup"] = [],
        ["command"] = [],
        ["unbuffer"] = [],
        ["builtin"] = [],
        ["flock"] = ["-w", "--timeout", "-E", "--conflict-exit-code"],
        ["unshare"] = ["--map-user", "--map-group", "-S", "--setuid", "-G", "--setgid", "-R", "--root", "-w", "--wd"],
        ["nsenter"] = ["-t", "--target", "-S", "--setuid", "-G", "--setgid"],
        ["chroot"] = ["--userspec", "--groups"],
        ["taskset"] = [],
        ["watch"] = ["-n", "--interval", "-d"],
    };

    public void Add(ShellScript script, int depth)
    {
        analysis.Functions.AddRange(script.Functions);
        foreach (var word in script.OtherWords)
        {
            AddSubstitutions(word, depth);
        }

        // Which commands read a pipe fed by a download or decoder: one pass, not a look back per command.
        var downloading = new HashSet<int>();
        foreach (var command in script.Commands)
        {
            if (command.PipelineIndex > 0 && downloading.Contains(command.Pipeline))
            {
                _fedByDownload.Add(command);
            }

            if (IsDownloaderOrDecoder(command.Words))
            {
                downloading.Add(command.Pipeline);
            }
        }

        foreach (var command in script.Commands)
        {
            analysis.Commands.Add(command);
            foreach (var word in command.Assignments.Concat(command.Words))
            {
                AddSubstitutions(word, depth);
            }

            foreach (var assignment in command.Assignments)
            {
                var equals = assignment.Text.IndexOf('=', StringComparison.Ordinal);
                if (CommandVariables.Contains(assignment.Text[..equals].TrimEnd('+')))
                {
                    // GIT_SSH_COMMAND='…' git fetch: a command line git (or a pager, an editor) runs later.
                    ScriptWord(ShellInvocation.Slice(assignment, equals + 1), depth, assignment.Text[..equals]);
                }
            }

            foreach (var redirection in command.Redirections)
            {
                AddSubstitutions(redirection.Target, depth);
                foreach (var body in redirection.BodySubstitutions)
                {
                    Add(body, depth + 1);
                }
            }

            if (command.Words.Count > 0)
            {
                // Brace expansion makes words before anything else: {rm,-rf,.} is `rm -rf .`.
                var words = command.Words.Any(w => w.Brace) ? command.Words.SelectMany(w => w.ExpandBraces()).ToList() : command.Words;
                Resolve(command, words, 0, [], depth);
            }
        }
    }

    private void AddSubstitutions(ShellWord word, int depth)
    {
        foreach (var substitution in word.Substitutions)
        {
            Add(substitution, depth + 1);
        }
    }

    private void AddScript(string text, int depth, string what)
    {
        if (depth >= MaxDepth)
        {
            analysis.Problems.Add($"{what} nests shells more than {MaxDepth} levels deep");
            return;
        }

        var script = ShellParser.Parse(text);
        analysis.Problems.AddRange(script.Problems);
        Add(script, depth + 1);
    }

    /// <summary>Takes wrappers off <paramref name="words"/> from <paramref name="start"/> and records what runs.</summary>
    private void Resolve(ShellCommand command, IReadOnlyList<ShellWord> words, int start, List<string> wrappers, int depth)
    {
        if (start >= words.Count)
        {
            return;
        }

        var first = words[start];
        string? program = null;
        if (first.IsKnown && !(first.Glob && IsPattern(first.Text)))
        {
            var text = first.Text.Replace(ShellWord.Pwd.ToString(), "/", StringComparison.Ordinal).Replace(ShellWord.Home.ToString(), "/", StringComparison.Ordinal);
            program = Path.GetFileName(text.TrimEnd('/'));
        }

        var arguments = words.Skip(start + 1).ToList();
        if (program is null)
        {
            analysis.UnknownCode.Add($"the program '{first.Shown}' is named by an expansion or a pattern");
            Record(program, arguments, wrappers, command);
            return;
        }

        if (ValueOptions.TryGetValue(program, out var valueOptions) && depth < MaxDepth)
        {
            var next = SkipWrapperOptions(program, words, start + 1, valueOptions, out var splitString);
            if (program == "env" && splitString is { } split)
            {
                // env -S 'prog args': the string is split into words (quotes honoured) and run.
                var rest = string.Join(' ', words.Skip(next).Select(w => w.Text));
                if (split.IsKnown)
                {
                    AddScript(split.Text + " " + rest, depth, "env -S");
                }
                else
                {
                    analysis.UnknownCode.Add("env -S runs a string the gate cannot read");
                }

                return;
            }

            if (next >= words.Count || (program == "command" && arguments.Any(a => a.Text is "-v" or "-V")))
            {
                // The wrapper alone: `env` prints the environment, `nice` its niceness...
                Record(program, program == "env" ? [] : arguments, wrappers, command);
                return;
            }

            if (program == "watch")
            {
                AddScript(string.Join(' ', words.Skip(next).Select(w => w.Text)), depth, "watch");
                Record(program, arguments, wrappers, command);
                return;
            }

            var inner = new List<string>(wrappers) { program };
            if (program == "xargs")
            {
                // xargs appends what it reads to the command, or puts it where -I's string stands: values nobody knows yet.
                var xargsCall = new ShellInvocation(program, arguments, wrappers, command);
                var replace = xargsCall.OptionValues('I', null).Select(w => w.Text).FirstOrDefault()
                    ?? (xargsCall.Arguments.Take(next - start - 1).Any(a => a.Text is "-i" || a.Text.StartsWith("--replace", StringComparison.Ordinal)) ? "{}" : null);
                var unknown = ShellWord.Unknown.ToString();
                var xargsWords = words.Skip(next)
                    .Select(w => replace is { Length: > 0 } && w.Text.Contains(replace, StringComparison.Ordinal)
                        ? new ShellWord(w.Text.Replace(replace, unknown, StringComparison.Ordinal), w.Quoted, w.Glob, w.Brace, w.Assignment, w.Substitutions)
                        : w)
                    .Append(new ShellWord(unknown, false, false, false, false, []))
                    .ToList();
                Resolve(command, xargsWords, 0, inner, depth + 1);
                return;
            }

            Resolve(command, words, next, inner, depth + 1);
            return;
        }

        if (program == "busybox" && arguments.Count > 0)
        {
            Resolve(command, words, start + 1, [.. wrappers, program], depth + 1);
            return;
        }

        Record(program, arguments, wrappers, command);
        var invocation = analysis.Invocations[^1];
        if (Shells.Contains(program))
        {
            Shell(invocation, depth);
        }
        else if (program is "eval")
        {
            Eval(invocation, depth);
        }
        else if (program is "source" or ".")
        {
            if (invocation.Arguments.FirstOrDefault() is { } file && (!file.IsKnown || file.Text is "/dev/stdin" or "-" or "/proc/self/fd/0" or "/dev/fd/0"))
            {
                CodeFrom(file, "source");
            }
        }
        else if (IsInterpreter(program))
        {
            Interpreter(invocation);
        }
        else if (program is "find")
        {
            FindExec(command, arguments, wrappers, depth);
        }
        else if (program is "git")
        {
            GitConfig(invocation, depth);
        }
        else if (program is "alias" or "trap")
        {
            // An alias's value and a trap's action are scripts that run later in the same shell.
            var scripts = program == "alias"
                ? invocation.Operands().Where(o => o.Text.Contains('=', StringComparison.Ordinal)).Select(o => ShellInvocation.Slice(o, o.Text.IndexOf('=', StringComparison.Ordinal) + 1))
                : invocation.Operands().Take(1);
            foreach (var script in scripts)
            {
                ScriptWord(script, depth, program);
            }
        }
        else if (program is "su" or "runuser" or "script" or "flock" && invocation.OptionValues('c', "--command").FirstOrDefault() is { } suScript)
        {
            ScriptWord(suScript, depth, program + " -c");
        }
    }

    private void Record(string? program, IReadOnlyList<ShellWord> arguments, List<string> wrappers, ShellCommand command) =>
        analysis.Invocations.Add(new ShellInvocation(program, arguments, [.. wrappers], command));

    private static int SkipWrapperOptions(string program, IReadOnlyList<ShellWord> words, int i, string[] valueOptions, out ShellWord? splitString)
    {
        splitString = null;
        while (i < words.Count)
        {
            var text = words[i].Text;
            if (text == "--")
            {
                return i + 1;
            }

            if (program is "env" or "sudo" && words[i].Assignment)
            {
                i++;
                continue;
            }

            if (program == "env" && text == "-")
            {
                i++;
                continue;
            }

            if (text.Length < 2 || text[0] != '-')
            {
                break;
            }

            var name = text.Contains('=', StringComparison.Ordinal) ? text[..text.IndexOf('=', StringComparison.Ordinal)] : text;
            if (program == "env" && name is "-S" or "--split-string" || (program == "env" && text.StartsWith("-S", StringComparison.Ordinal) && text.Length > 2))
            {
                splitString = text.StartsWith("--split-string=", StringComparison.Ordinal) ? ShellInvocation.Slice(words[i], 15)
                    : text.Length > 2 && !text.StartsWith("--", StringComparison.Ordinal) ? ShellInvocation.Slice(words[i], 2)
                    : i + 1 < words.Count ? words[++i] : null;
                return i + 1;
            }

            i++;
            if (valueOptions.Contains(name, StringComparer.Ordinal) && !text.Contains('=', StringComparison.Ordinal)
                && (text.StartsWith("--", StringComparison.Ordinal) || text.Length == 2))
            {
                i++;
            }
        }

        // Wrappers that take a positional value before the program.
        if (program is "timeout" or "chroot" or "taskset" or "chrt" or "flock" && i < words.Count)
        {
            if (program == "flock" && i + 1 < words.Count && words[i + 1].Text is "-c" or "--command")
            {
                return words.Count;
            }

            i++;
        }

        return i;
    }

    private void Shell(ShellInvocation invocation, int depth)
    {
        var args = invocation.Arguments;
        var command = false;
        var stdin = false;
        var i = 0;
        for (; i < args.Count; i++)
        {
            var text = args[i].Text;
            if (text == "--" || text == "-")
            {
                i++;
                break;
            }

            if (text is "-o" or "+o" or "--rcfile" or "--init-file" or "-O" or "+O")
            {
                i++;
                continue;
            }

            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            if (text.Length > 1 && text[0] is '-' or '+')
            {
                command |= text.Contains('c', StringComparison.Ordinal);
                stdin |= text.Contains('s', StringComparison.Ordinal);
                continue;
            }

            break;
        }

        var operand = i < args.Count ? args[i] : null;
        if (command)
        {
            if (operand is null)
            {
                return;
            }

            ScriptWord(operand, depth, invocation.Program + " -c");
            return;
        }

        if (operand is not null && !stdin)
        {
            // A script file: its content is for the sandbox; a substitution as the file runs unknown code.
            if (!operand.IsKnown || operand.Text.StartsWith("/dev/fd/", StringComparison.Ordinal) || operand.Text is "/dev/stdin" or "/proc/self/fd/0")
            {
                CodeFrom(operand, invocation.Program!);
            }

            return;
        }

        StdinCode(invocation, depth, readable: true);
    }

    private void ScriptWord(ShellWord word, int depth, string what)
    {
        if (word.IsKnown)
        {
            AddScript(word.Expand(null, "~"), depth, what);
            return;
        }

        CodeFrom(word, what);
    }

    private void Eval(ShellInvocation invocation, int depth)
    {
        if (invocation.Arguments.All(a => a.IsKnown))
        {
            AddScript(string.Join(' ', invocation.Arguments.Select(a => a.Text)), depth, "eval");
            return;
        }

        var unknown = invocation.Arguments.First(a => !a.IsKnown);
        if (unknown.Substitutions.Any(HasDownloaderOrDecoder))
        {
            analysis.DownloadsToShell.Add($"eval runs the output of a download or decoder: {unknown.Shown}");
        }
        else
        {
            analysis.UnknownCode.Add($"eval runs text the gate cannot read: {unknown.Shown}");
        }
    }

    /// <summary>Code taken from a word the gate cannot read (a substitution, a variable, a pipe).</summary>
    private void CodeFrom(ShellWord word, string what)
    {
        if (word.Substitutions.Any(HasDownloaderOrDecoder))
        {
            analysis.DownloadsToShell.Add($"{what} runs the output of a download or decoder: {word.Shown}");
        }
        else
        {
            analysis.UnknownCode.Add($"{what} runs code the gate cannot read: {word.Shown}");
        }

    }

    /// <summary>A shell or interpreter that takes its code from standard input.</summary>
    private void StdinCode(ShellInvocation invocation, int depth, bool readable)
    {
        var command = invocation.Command;
        var input = command.Redirections.LastOrDefault(r => r.FeedsStdin);
        if (input is not null)
        {
            switch (input.Operator)
            {
                case "<<" or "<<-" when readable && input.HereDocument is { } body:
                    AddScript(body, depth, "a here-document");
                    return;
                case "<<" or "<<-":
                    return;
                case "<<<" when input.Target.IsKnown:
                    if (readable)
                    {
                        AddScript(input.Target.Text, depth, "a here-string");
                    }

                    return;
                case "<<<" or "<" when !input.Target.IsKnown:
                    CodeFrom(input.Target, $"{invocation.Program} reading {input.Operator}");
                    return;
                default:
                    // A file in the workspace: its content is the sandbox's business.
                    return;
            }
        }

        if (command.PipelineIndex == 0 && !command.StdinFromOuterCommand)
        {
            return;
        }

        if (_fedByDownload.Contains(command))
        {
            analysis.DownloadsToShell.Add($"downloaded or decoded text is piped into {invocation.Program}");
        }
        else
        {
            analysis.UnknownCode.Add($"another program's output is piped into {invocation.Program} and run as code");
        }
    }

    /// <summary><c>git -c alias.x='!cmd'</c>, <c>-c core.pager=cmd</c>...: configuration values git runs as shell commands.</summary>
    private void GitConfig(ShellInvocation git, int depth)
    {
        for (var i = 0; i + 1 < git.Arguments.Count; i++)
        {
            if (git.Arguments[i].Text != "-c")
            {
                continue;
            }

            var setting = git.Arguments[++i];
            var equals = setting.Text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = setting.Text[..equals].ToLowerInvariant();
            var value = ShellInvocation.Slice(setting, equals + 1);
            if (key.StartsWith("alias.", StringComparison.Ordinal) || key.StartsWith("credential", StringComparison.Ordinal))
            {
                if (value.Text.StartsWith('!'))
                {
                    ScriptWord(ShellInvocation.Slice(value, 1), depth, "git -c " + key);
                }
            }
            else if (GitCommandKeys.Contains(key) || key.StartsWith("pager.", StringComparison.Ordinal) || (key.StartsWith("filter.", StringComparison.Ordinal) && key.EndsWith("clean", StringComparison.Ordinal)) || key.EndsWith(".smudge", StringComparison.Ordinal) || key.EndsWith(".textconv", StringComparison.Ordinal))
            {
                ScriptWord(value, depth, "git -c " + key);
            }
        }
    }

    /// <summary>Whether the shell expands this text as a file name pattern (<c>[</c> alone, as in <c>[ -f a ]</c>, is no pattern).</summary>
    private static bool IsPattern(string text)
    {
        if (text.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return true;
        }

        var open = text.IndexOf('[', StringComparison.Ordinal);
        return open >= 0 && open + 2 < text.Length && text.IndexOf(']', open + 2) > open + 1;
    }

    private static bool IsInterpreter(string program) =>
        program.StartsWith("python", StringComparison.Ordinal) || program.StartsWith("pypy", StringComparison.Ordinal)
        || program.StartsWith("perl", StringComparison.Ordinal) || program.StartsWith("ruby", StringComparison.Ordinal)
        || program.StartsWith("php", StringComparison.Ordinal) || program.StartsWith("lua", StringComparison.Ordinal)
        || program is "node" or "nodejs" or "deno" or "bun" or "Rscript" or "tclsh" or "wish" or "osascript" or "pwsh" or "jshell" or "irb" or "guile" or "racket" or "sbcl";

    private void Interpreter(ShellInvocation invocation)
    {
        string[] codeOptions = ["-c", "-e", "-E", "-m", "-p", "-r", "--eval", "--print", "--command"];
        string[] valueOptions = ["-W", "-X", "-Q", "-I", "-M", "--require", "-C"];
        var python = invocation.Program!.StartsWith("python", StringComparison.Ordinal) || invocation.Program.StartsWith("pypy", StringComparison.Ordinal);
        var args = invocation.Arguments;
        for (var i = 0; i < args.Count; i++)
        {
            var text = args[i].Text;
            if (text == "-")
            {
                break;
            }

            if (codeOptions.Contains(text, StringComparer.Ordinal)
                || (text.Length > 2 && text[0] == '-' && text[1] != '-' && (python ? text.IndexOfAny(['c', 'm']) > 0 : text.IndexOfAny(['e', 'E']) > 0)))
            {
                // Code in an argument (python -c, perl -ne, node -e) or a module: readable by a person, not by the gate.
                return;
            }

            if (text.Length > 1 && text[0] == '-')
            {
                if (valueOptions.Contains(text, StringComparer.Ordinal))
                {
                    i++;
                }

                continue;
            }

            // A script file.
            if (!args[i].IsKnown || args[i].Text is "/dev/stdin" or "/proc/self/fd/0")
            {
                CodeFrom(args[i], invocation.Program);
            }

            return;
        }

        StdinCode(invocation, 0, readable: false);
    }

    private void FindExec(ShellCommand command, List<ShellWord> arguments, List<string> wrappers, int depth)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Text is not ("-exec" or "-execdir" or "-ok" or "-okdir"))
            {
                continue;
            }

            var end = i + 1;
            while (end < arguments.Count && arguments[end].Text is not (";" or "+"))
            {
                end++;
            }

            var words = arguments.Skip(i + 1).Take(end - i - 1)
                .Select(w => w.Text.Contains("{}", StringComparison.Ordinal) ? new ShellWord(w.Text.Replace("{}", ShellWord.Unknown.ToString(), StringComparison.Ordinal), true, false, false, false, w.Substitutions) : w)
                .ToList();
            Resolve(command, words, 0, [.. wrappers, "find"], depth + 1);
            i = end;
        }
    }

    private static bool HasDownloaderOrDecoder(ShellScript script) =>
        script.Commands.Any(c => IsDownloaderOrDecoder(c.Words))
        || script.Commands.SelectMany(c => c.Words).SelectMany(w => w.Substitutions).Any(HasDownloaderOrDecoder);

    /// <summary>A command that fetches text from the network or decodes hidden text (base64 -d, xxd -r, gunzip...).</summary>
    private static bool IsDownloaderOrDecoder(List<ShellWord> words)
    {
        foreach (var word in words)
        {
            if (!word.IsKnown || word.Assignment || (word.Text.Length > 1 && word.Text[0] == '-'))
            {
                continue;
            }

            var name = Path.GetFileName(word.Text);
            if (ValueOptions.ContainsKey(name) || name == "busybox")
            {
                continue;
            }

            if (Downloaders.Contains(name) || name is "uudecode" or "gunzip" or "zcat" or "unxz" or "xzcat" or "bunzip2" or "bzcat" or "zstdcat" or "unzstd")
            {
                return true;
            }

            var decodes = words.Any(w => w.Text is "-d" or "--decode" or "-D" or "-r" or "--revert" or "--decompress" or "-dec" or "-base64"
                || (w.Text.Length > 1 && w.Text[0] == '-' && w.Text[1] != '-' && w.Text.Contains('d', StringComparison.Ordinal)));
            return name is "base64" or "base32" or "basenc" or "xxd" or "openssl" or "gzip" or "xz" or "bzip2" or "zstd" or "lzma" && decodes;
        }

        return false;
    }
}
