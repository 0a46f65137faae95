using System.IO.Enumeration;

namespace Leviathan.Tools.Policy;

/// <summary>
/// The built-in checks rules name with <c>check:</c>. They judge the argument vectors and target paths a
/// command line will produce (see <see cref="CommandTargets"/>), not its text.
/// </summary>
internal static class PolicyChecks
{
    public const string DeletesWorkspace = "deletes_workspace";
    public const string WritesOutsideWorkspace = "writes_outside_workspace";
    public const string RunsUnknownCode = "runs_unknown_code";
    public const string DownloadsToShell = "downloads_to_shell";
    public const string ForkBomb = "fork_bomb";

    public static readonly string[] Names = [DeletesWorkspace, WritesOutsideWorkspace, RunsUnknownCode, DownloadsToShell, ForkBomb];

    private static readonly string[] WritingFileTools = ["write_file", "edit_file", "apply_patch"];

    // Places a command may write outside the workspace: the private temp folders and the standard streams.
    private static readonly string[] HarmlessTargets = ["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero"];
    private static readonly string[] HarmlessPrefixes = ["/tmp/", "/var/tmp/", "/dev/fd/", "/proc/self/fd/", "/dev/tcp/", "/dev/udp/"];

    public static PolicyMatch Run(string check, PolicyTargets targets, CommandTargets? command, string workspace, string home) => check switch
    {
        DeletesWorkspace => command is null ? PolicyMatch.No : Deletes(command, workspace, home),
        WritesOutsideWorkspace => WritesOutside(targets, command, workspace, home),
        RunsUnknownCode => command?.Analysis.UnknownCode.FirstOrDefault() is { } unknown ? PolicyMatch.Yes(unknown) : PolicyMatch.No,
        DownloadsToShell => command?.Analysis.DownloadsToShell.FirstOrDefault() is { } download ? PolicyMatch.Yes(download) : PolicyMatch.No,
        ForkBomb => command?.Analysis.Functions.FirstOrDefault(f => f.CallsItself && f.Forks) is { } bomb
            ? PolicyMatch.Yes($"the function '{bomb.Name}' starts copies of itself")
            : PolicyMatch.No,
        _ => throw new PolicyException($"Unknown check '{check}'. Known checks: {string.Join(", ", Names)}."),
    };

    private static PolicyMatch Deletes(CommandTargets command, string workspace, string home)
    {
        var match = PolicyMatch.No;
        foreach (var (invocation, cwd) in command.Steps)
        {
            IEnumerable<ShellWord> operands;
            bool recursive;
            switch (invocation.Program)
            {
                case "rm":
                    operands = invocation.Operands();
                    recursive = invocation.HasOption('r', "--recursive") || invocation.HasOption('R');
                    break;
                case "rmdir" or "unlink" or "shred":
                    operands = invocation.Operands();
                    recursive = false;
                    break;
                case "find" when invocation.Arguments.Any(a => a.Text is "-delete") && invocation.Arguments.SkipWhile(a => !a.Text.StartsWith('-')).All(a => a.Text is "-delete" or "-depth" or "-xdev" or "-mount" or "-noleaf" or "-print" or "-mindepth" or "-maxdepth" || a.Text.All(char.IsAsciiDigit)):
                    // Only a find that selects everything (no test like -name) deletes its starting points.
                    // The starting points: the words before the first expression.
                    operands = invocation.Arguments.TakeWhile(a => !(a.Text.StartsWith('-') || a.Text is "(" or "!"));
                    recursive = true;
                    break;
                default:
                    continue;
            }

            foreach (var operand in operands)
            {
                match = match.Or(Deletes(invocation, operand, recursive, cwd, workspace, home));
                if (match.Level == PolicyMatchLevel.Certain)
                {
                    return match;
                }
            }
        }

        return match;
    }

    private static PolicyMatch Deletes(ShellInvocation invocation, ShellWord operand, bool recursive, string? cwd, string workspace, string home)
    {
        var text = operand.Expand(cwd, home);
        if (!operand.IsKnown || (cwd is null && !Path.IsPathRooted(text)))
        {
            return recursive
                ? PolicyMatch.Maybe($"{invocation.Program} -r on '{operand.Shown}', a path only known when the shell runs")
                : PolicyMatch.No;
        }

        if (!operand.Glob)
        {
            return PolicyPaths.IsWorkspaceOrAbove(PolicyPaths.Resolve(text, cwd!, home), workspace)
                ? PolicyMatch.Yes($"'{operand.Shown}' is the workspace or above it")
                : PolicyMatch.No;
        }

        // A glob: the folder before its first pattern segment, and what the pattern may match there.
        var segments = text.Split('/');
        var first = Array.FindIndex(segments, s => s.AsSpan().IndexOfAny('*', '?', '[') >= 0);
        var folder = string.Join('/', segments[..first]);
        var directory = PolicyPaths.Resolve(folder.Length == 0 ? (text.StartsWith('/') ? "/" : ".") : folder, cwd!, home);
        var pattern = segments[first];
        if (directory == workspace && first == segments.Length - 1 && pattern.Trim('*', '.', '?', '[', ']', '!', '^').Length == 0 && pattern.Contains('*', StringComparison.Ordinal))
        {
            return PolicyMatch.Yes($"'{operand.Shown}' empties the workspace");
        }

        if (PolicyPaths.IsWorkspaceOrAbove(directory, workspace) && directory != workspace)
        {
            // Which child of that folder leads to the workspace, and does the pattern take it?
            var rest = workspace[(directory.TrimEnd('/').Length + 1)..];
            var child = rest.Split('/')[0];
            if (pattern.Contains('[', StringComparison.Ordinal) || FileSystemName.MatchesSimpleExpression(pattern, child, ignoreCase: false))
            {
                return PolicyMatch.Yes($"'{operand.Shown}' matches the workspace or a folder above it");
            }
        }

        return PolicyMatch.No;
    }

    private static PolicyMatch WritesOutside(PolicyTargets targets, CommandTargets? command, string workspace, string home)
    {
        if (WritingFileTools.Contains(targets.Tool, StringComparer.Ordinal))
        {
            return targets.Paths.FirstOrDefault(p => !PolicyPaths.IsInside(PolicyPaths.Resolve(p, workspace, home), workspace)) is { } outside
                ? PolicyMatch.Yes($"'{outside}' is outside the workspace")
                : PolicyMatch.No;
        }

        if (command is null)
        {
            return PolicyMatch.No;
        }

        var match = PolicyMatch.No;
        foreach (var (invocation, cwd) in command.Steps)
        {
            foreach (var target in WrittenPaths(invocation))
            {
                var outside = Outside(target, invocation.Program ?? "a program", cwd, workspace, home);
                if (outside.Level == PolicyMatchLevel.Uncertain && invocation.Program is "rm" or "rmdir" or "unlink" or "shred")
                {
                    // Deleting an unknown path is the delete-workspace rule's to judge.
                    continue;
                }

                match = match.Or(outside);
                if (match.Level == PolicyMatchLevel.Certain)
                {
                    return match;
                }
            }
        }

        foreach (var shellCommand in command.Analysis.Commands)
        {
            var cwd = command.CommandCwd.TryGetValue(shellCommand, out var c) ? c : workspace;
            foreach (var redirection in shellCommand.Redirections.Where(r => r.Writes))
            {
                match = match.Or(Outside(redirection.Target, $"'{redirection.Operator}'", cwd, workspace, home));
                if (match.Level == PolicyMatchLevel.Certain)
                {
                    return match;
                }
            }
        }

        return match;
    }

    private static PolicyMatch Outside(ShellWord target, string writer, string? cwd, string workspace, string home)
    {
        var text = target.Expand(cwd, home);
        if (text.Length == 0)
        {
            return PolicyMatch.No;
        }

        var unknownAt = text.IndexOf(ShellWord.Unknown, StringComparison.Ordinal);
        if (unknownAt >= 0 || (cwd is null && !Path.IsPathRooted(text)))
        {
            // The known folder in front of the unknown part decides; none known means it could be anywhere.
            var known = unknownAt >= 0 ? text[..unknownAt] : string.Empty;
            var slash = known.LastIndexOf('/');
            if (slash < 0 || (cwd is null && !Path.IsPathRooted(known)))
            {
                return PolicyMatch.Maybe($"{writer} writes to '{target.Shown}', a path only known when the shell runs");
            }

            var folder = PolicyPaths.Resolve(slash == 0 ? "/" : known[..slash], cwd ?? "/", home);
            return IsOutside(folder + "/x", workspace) && !IsHarmless(folder + "/", workspace)
                ? PolicyMatch.Maybe($"{writer} writes to '{target.Shown}' in {folder}, outside the workspace unless the shell makes it something else")
                : PolicyMatch.No;
        }

        var resolved = PolicyPaths.Resolve(text, cwd!, home);
        return IsOutside(resolved, workspace) ? PolicyMatch.Yes($"{writer} writes to '{resolved}', outside the workspace") : PolicyMatch.No;
    }

    private static bool IsOutside(string resolved, string workspace) =>
        !PolicyPaths.IsInside(resolved, workspace) && !IsHarmless(resolved, workspace);

    private static bool IsHarmless(string resolved, string workspace) =>
        HarmlessTargets.Contains(resolved, StringComparer.Ordinal)
        // The temp folders are private to a sandboxed command, unless the workspace itself lives there.
        || HarmlessPrefixes.Any(p => (resolved.StartsWith(p, StringComparison.Ordinal) || resolved + "/" == p) && !workspace.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The files a program writes, read from its arguments (redirections are judged apart).</summary>
    private static IEnumerable<ShellWord> WrittenPaths(ShellInvocation invocation)
    {
        var operands = invocation.Operands().ToList();
        switch (invocation.Program)
        {
            case "tee" or "touch" or "mkdir" or "rm" or "rmdir" or "unlink" or "shred" or "mkfifo" or "mknod":
                return operands;
            case "truncate":
                return Without(operands, invocation, "-s", "--size", "-r", "--reference");
            case "chmod" or "chown" or "chgrp":
                // The first operand is the mode or owner, unless --reference gives it.
                return invocation.Arguments.Any(a => a.Text.StartsWith("--reference", StringComparison.Ordinal)) ? operands : operands.Skip(1);
            case "cp" or "mv" or "install" or "ln" or "rsync" or "scp":
                // -t DIR for the coreutils; rsync's -t keeps times.
                var directories = invocation.Program is "rsync" or "scp" ? [] : invocation.OptionValues('t', "--target-directory").ToList();
                if (directories.Count > 0)
                {
                    return directories;
                }

                if (invocation.Program == "install" && invocation.HasOption('d', "--directory"))
                {
                    return Without(operands, invocation, "-m", "--mode", "-o", "--owner", "-g", "--group");
                }

                operands = Without(operands, invocation, "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group").ToList();
                return operands.Count >= 2 || (invocation.Program == "ln" && operands.Count == 1) ? [operands[^1]] : [];
            case "dd":
                return operands.Where(o => o.Text.StartsWith("of=", StringComparison.Ordinal)).Select(o => ShellInvocation.Slice(o, 3));
            case "sed" or "perl" when invocation.HasOption('i', "--in-place"):
                var script = invocation.HasOption('e', "--expression") || invocation.HasOption('f', "--file");
                return script ? Without(operands, invocation, "-e", "--expression", "-f", "--file") : operands.Skip(1);
            case "sort":
                return invocation.OptionValues('o', "--output");
            case "curl":
                return invocation.OptionValues('o', "--output");
            case "wget":
                return invocation.OptionValues('O', "--output-document").Concat(invocation.OptionValues('P', "--directory-prefix"));
            case "tar" when Extracts(invocation):
                return invocation.OptionValues('C', "--directory");
            case "unzip":
                return invocation.OptionValues('d', null);
            case "git" when operands.FirstOrDefault()?.Text == "clone" && operands.Count >= 3:
                return [operands[^1]];
            default:
                return [];
        }
    }

    /// <summary>tar -x, --extract, or the old form whose first word holds x (<c>tar xzf a.tgz</c>).</summary>
    private static bool Extracts(ShellInvocation tar) =>
        tar.HasOption('x', "--extract") || (tar.Arguments.Count > 0 && !tar.Arguments[0].Text.StartsWith('-') && tar.Arguments[0].Text.Contains('x', StringComparison.Ordinal));

    /// <summary>Operands minus the values of the given options (<c>-m 755</c> is not a file).</summary>
    private static IEnumerable<ShellWord> Without(List<ShellWord> operands, ShellInvocation invocation, params string[] valueOptions)
    {
        var values = new HashSet<ShellWord>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i + 1 < invocation.Arguments.Count; i++)
        {
            if (valueOptions.Contains(invocation.Arguments[i].Text, StringComparer.Ordinal))
            {
                values.Add(invocation.Arguments[i + 1]);
            }
        }

        return operands.Where(o => !values.Contains(o));
    }
}
