namespace Leviathan.Tools.Policy;

/// <summary>
/// The built-in checks rules name with <c>check:</c>. They read what a call would touch rather than
/// its text: <c>deletes_workspace</c> and <c>writes_outside_workspace</c>.
/// </summary>
internal static class PolicyChecks
{
    public const string DeletesWorkspace = "deletes_workspace";
    public const string WritesOutsideWorkspace = "writes_outside_workspace";

    public static readonly string[] Names = [DeletesWorkspace, WritesOutsideWorkspace];

    private static readonly string[] WritingFileTools = ["write_file", "edit_file", "apply_patch"];

    // Places a command may write outside the workspace: the private temp folders and the standard streams.
    private static readonly string[] HarmlessTargets = ["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero"];
    private static readonly string[] HarmlessPrefixes = ["/tmp/", "/var/tmp/", "/dev/fd/", "/proc/self/fd/", "/dev/tcp/", "/dev/udp/"];

    private static readonly string[] Prefixes = ["sudo", "command", "nice", "nohup", "time", "exec", "env", "xargs", "doas"];

    public static bool Run(string check, PolicyTargets targets, string workspace, string home) => check switch
    {
        DeletesWorkspace => targets.Command is { } command && DeletesWorkspaceCheck(command, workspace, home),
        WritesOutsideWorkspace => WritesOutside(targets, workspace, home),
        _ => throw new PolicyException($"Unknown check '{check}'. Known checks: {string.Join(", ", Names)}."),
    };

    private static bool DeletesWorkspaceCheck(string command, string workspace, string home)
    {
        var cwd = workspace;
        foreach (var words in SimpleCommands(command, 0))
        {
            var args = Program(words, out var program);
            if (program == "cd")
            {
                var target = args.FirstOrDefault(w => !w.IsOperator).Text ?? home;
                cwd = PolicyPaths.Resolve(target, cwd, home);
                continue;
            }

            IEnumerable<string> operands = program switch
            {
                "rm" or "rmdir" or "unlink" or "shred" => Operands(args),
                "find" when args.Any(a => a.Text is "-delete" || a.Text is "-exec" or "-execdir") => args.TakeWhile(a => !a.Text.StartsWith('-')).Select(a => a.Text),
                _ => [],
            };
            foreach (var operand in operands)
            {
                // "*" and "dir/*" empty the directory they name.
                var named = operand;
                if (named is "*" or ".*" || named.EndsWith("/*", StringComparison.Ordinal) || named.EndsWith("/.*", StringComparison.Ordinal))
                {
                    named = named.Length <= 2 ? "." : named[..named.LastIndexOf('/')];
                }

                if (PolicyPaths.IsWorkspaceOrAbove(PolicyPaths.Resolve(named, cwd, home), workspace))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool WritesOutside(PolicyTargets targets, string workspace, string home)
    {
        if (WritingFileTools.Contains(targets.Tool, StringComparer.Ordinal))
        {
            return targets.Paths.Any(p => !PolicyPaths.IsInside(PolicyPaths.Resolve(p, workspace, home), workspace));
        }

        if (targets.Command is not { } command)
        {
            return false;
        }

        var cwd = workspace;
        foreach (var words in SimpleCommands(command, 0))
        {
            var args = Program(words, out var program);
            if (program == "cd")
            {
                cwd = PolicyPaths.Resolve(args.FirstOrDefault(w => !w.IsOperator).Text ?? home, cwd, home);
                continue;
            }

            if (WrittenPaths(program, args).Any(p => IsOutside(p, cwd, workspace, home)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOutside(string path, string cwd, string workspace, string home)
    {
        // An unexpanded variable cannot be judged here; the sandbox still holds.
        if (path.Length == 0 || (path.Contains('$', StringComparison.Ordinal) && PolicyPaths.ExpandHome(path, home) == path))
        {
            return false;
        }

        var resolved = PolicyPaths.Resolve(path, cwd, home);
        return !PolicyPaths.IsInside(resolved, workspace)
            && !HarmlessTargets.Contains(resolved, StringComparer.Ordinal)
            // The temp folders are private to a sandboxed command, unless the workspace itself lives there.
            && !HarmlessPrefixes.Any(p => (resolved.StartsWith(p, StringComparison.Ordinal) || resolved + "/" == p) && !workspace.StartsWith(p, StringComparison.Ordinal));
    }

    private static IEnumerable<string> WrittenPaths(string program, List<ShellWord> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].IsOperator && args[i].Text is ">" or ">>" or "&>" or "&>>" && i + 1 < args.Count)
            {
                yield return args[i + 1].Text;
            }
            else if (args[i].IsOperator && args[i].Text == ">&" && i + 1 < args.Count && !args[i + 1].Text.All(char.IsAsciiDigit) && args[i + 1].Text != "-")
            {
                yield return args[i + 1].Text;
            }
        }

        var operands = Operands(args).ToList();
        switch (program)
        {
            case "tee" or "touch" or "mkdir" or "rm" or "rmdir" or "unlink" or "shred" or "truncate" or "chmod" or "chown" or "chgrp":
                foreach (var operand in program is "chmod" or "chown" or "chgrp" ? operands.Skip(1) : operands)
                {
                    yield return operand;
                }

                break;
            case "cp" or "mv" or "install" or "ln" or "rsync" when operands.Count >= 2:
                yield return operands[^1];
                break;
            case "dd":
                foreach (var operand in operands.Where(o => o.StartsWith("of=", StringComparison.Ordinal)))
                {
                    yield return operand[3..];
                }

                break;
        }
    }

    private static readonly string[] Shells = ["sh", "bash", "dash", "zsh", "ksh"];

    /// <summary>The simple commands of a line, with the scripts of nested <c>sh -c '...'</c> read as well.</summary>
    private static IEnumerable<List<ShellWord>> SimpleCommands(string command, int depth)
    {
        foreach (var words in ShellCommandLine.Split(command))
        {
            var args = Program(words, out var program);
            var script = args.FindIndex(a => !a.IsOperator && a.Text.StartsWith('-') && a.Text.Contains('c', StringComparison.Ordinal));
            if (depth < 4 && Shells.Contains(program, StringComparer.Ordinal) && script >= 0 && script + 1 < args.Count)
            {
                foreach (var nested in SimpleCommands(args[script + 1].Text, depth + 1))
                {
                    yield return nested;
                }

                continue;
            }

            yield return words;
        }
    }

    /// <summary>The program of a simple command (after variable assignments and wrappers like sudo) and its arguments.</summary>
    private static List<ShellWord> Program(List<ShellWord> words, out string program)
    {
        var i = 0;
        while (i < words.Count && !words[i].IsOperator
            && (words[i].Text.Contains('=', StringComparison.Ordinal) && !words[i].Text.StartsWith('=') || Prefixes.Contains(Path.GetFileName(words[i].Text), StringComparer.Ordinal)
                || (i > 0 && words[i].Text.StartsWith('-') && Prefixes.Contains(Path.GetFileName(words[i - 1].Text), StringComparer.Ordinal))))
        {
            i++;
        }

        program = i < words.Count && !words[i].IsOperator ? Path.GetFileName(words[i].Text) : string.Empty;
        return words.Skip(i + 1).ToList();
    }

    /// <summary>Non-option arguments that are not redirection targets.</summary>
    private static IEnumerable<string> Operands(List<ShellWord> args)
    {
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].IsOperator)
            {
                i++;
                continue;
            }

            var text = args[i].Text;
            if (!optionsEnded && text == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (!optionsEnded && text.StartsWith('-') && text.Length > 1)
            {
                continue;
            }

            yield return text;
        }
    }
}
