namespace Leviathan.Tools.Policy;

/// <summary>
/// A command line as the rules see it: the programs it runs with the directory each runs in, one
/// normalized line per program for command patterns, and the words that may name files, resolved.
/// </summary>
internal sealed class CommandTargets
{
    private const int MaxGlobs = 64;

    private int _globs;

    private CommandTargets(CommandAnalysis analysis)
    {
        Analysis = analysis;
    }

    public CommandAnalysis Analysis { get; }

    /// <summary>Each program with the directory it runs in; null when a <c>cd</c> to an unknown place came before.</summary>
    public List<(ShellInvocation Invocation, string? Cwd)> Steps { get; } = [];

    /// <summary>The directory each simple command starts in (for its redirections).</summary>
    public Dictionary<ShellCommand, string?> CommandCwd { get; } = [];

    /// <summary>Per program: <c>program args…</c>, and with its wrappers and redirections.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>Per program, the line without wrappers: what an allow pattern must cover.</summary>
    public List<string> CoreLines { get; } = [];

    /// <summary>Words that may name files (arguments, <c>--opt=value</c> values, redirection targets): as written and resolved.</summary>
    public List<(string Text, string Resolved)> Paths { get; } = [];

    public static CommandTargets Of(string command, string workspace, string home)
    {
        var targets = new CommandTargets(CommandAnalysis.Of(command));
        string? cwd = workspace;
        foreach (var invocation in targets.Analysis.Invocations)
        {
            targets.CommandCwd.TryAdd(invocation.Command, cwd);
            targets.Steps.Add((invocation, cwd));
            var redirections = string.Join(' ', invocation.Command.Redirections.Select(r => $"{r.Operator} {r.Target.Shown}"));
            targets.CoreLines.Add(invocation.Line);
            targets.Lines.Add(invocation.Line);
            var full = redirections.Length == 0 ? invocation.FullLine : invocation.FullLine + " " + redirections;
            if (full != invocation.Line)
            {
                targets.Lines.Add(full);
            }
            foreach (var argument in invocation.Arguments)
            {
                targets.AddPath(argument, cwd, home);
            }

            if (invocation.Program is "cd" or "pushd" or "popd")
            {
                var target = invocation.Operands().FirstOrDefault();
                cwd = invocation.Program == "popd" || target?.Text == "-" ? null
                    : target is null ? home
                    : target.IsKnown && (cwd is not null || Path.IsPathRooted(target.Expand(cwd, home))) ? PolicyPaths.Resolve(target.Expand(cwd, home), cwd ?? "/", home)
                    : null;
            }
        }

        foreach (var shellCommand in targets.Analysis.Commands)
        {
            var at = targets.CommandCwd.TryGetValue(shellCommand, out var c) ? c : workspace;
            foreach (var redirection in shellCommand.Redirections.Where(r => r.Operator is not ("<<" or "<<-" or "<<<")))
            {
                targets.AddPath(redirection.Target, at, home);
            }

            if (!targets.CommandCwd.ContainsKey(shellCommand) && shellCommand.Redirections.Count > 0)
            {
                targets.Lines.Add(string.Join(' ', shellCommand.Redirections.Select(r => $"{r.Operator} {r.Target.Shown}")));
            }
        }

        return targets;
    }

    private void AddPath(ShellWord word, string? cwd, string home)
    {
        if (!word.IsKnown || word.Text.Length == 0)
        {
            return;
        }

        foreach (var expanded in word.ExpandBraces())
        {
            AddExpanded(expanded, cwd, home);
        }
    }

    private void AddExpanded(ShellWord word, string? cwd, string home)
    {
        var text = word.Expand(cwd, home);
        Add(text);
        if (word.Glob && _globs < MaxGlobs && text.AsSpan().IndexOfAny('*', '?', '[') >= 0)
        {
            // What the pattern names on this machine: the sandbox shows the same system folders.
            _globs++;
            foreach (var match in PolicyGlob.Expand(text, cwd ?? "/"))
            {
                Add(match);
            }
        }

        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && equals < text.Length - 1)
        {
            Add(text[(equals + 1)..]);
        }

        void Add(string path)
        {
            if (path.Contains(ShellWord.Pwd, StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
            {
                return;
            }

            Paths.Add((path, PolicyPaths.ResolveFrom(path, cwd ?? "/", home)));
        }
    }
}
