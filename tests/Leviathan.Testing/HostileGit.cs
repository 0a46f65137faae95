using System.Diagnostics;

namespace Leviathan.Testing;

/// <summary>
/// What a hostile workspace plants to get code run by host-side git: a script that leaves a marker, repositories and
/// configuration that point at it. The marker is the proof: it exists only if the script ran.
/// </summary>
public static class HostileGit
{
    /// <summary>The git settings and hooks that run a program, each pointed at the script.</summary>
    public static readonly string[] HookNames =
        ["pre-commit", "post-commit", "commit-msg", "prepare-commit-msg", "post-checkout", "post-index-change", "reference-transaction", "pre-auto-gc", "post-rewrite"];

    /// <summary>Writes an executable script that creates <paramref name="marker"/> (and records its arguments there).</summary>
    public static string Script(string path, string marker)
    {
        File.WriteAllText(path, $"#!/bin/sh\necho \"ran: $0 $*\" >> '{marker}'\nexit 0\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>The configuration lines (key, value) that would make git run <paramref name="script"/>.</summary>
    public static IReadOnlyList<(string Key, string Value)> Settings(string script, string hooks) =>
    [
        ("core.fsmonitor", script),
        ("core.hooksPath", hooks),
        ("core.sshCommand", script),
        ("core.pager", script),
        ("core.editor", script),
        ("core.askPass", script),
        ("diff.external", script),
        ("diff.x.textconv", script),
        ("diff.x.command", script),
        ("filter.x.clean", script),
        ("filter.x.smudge", script),
        ("filter.x.process", script),
        ("filter.x.required", "true"),
        ("credential.helper", "!" + script),
        ("gpg.program", script),
        ("commit.gpgsign", "true"),
        ("tag.gpgsign", "true"),
        ("alias.add", "!" + script),
        ("alias.commit", "!" + script),
        ("gc.auto", "1"),
    ];

    /// <summary>Adds every setting of <see cref="Settings"/> to a repository's config file, and hooks that run the script.</summary>
    public static void Arm(string gitDirectory, string script)
    {
        var hooks = Path.Combine(gitDirectory, "hooks");
        Directory.CreateDirectory(hooks);
        foreach (var hook in HookNames)
        {
            File.Copy(script, Path.Combine(hooks, hook), overwrite: true);
        }

        foreach (var (key, value) in Settings(script, hooks))
        {
            Run(null, "--git-dir=" + gitDirectory, "config", "--add", key, value);
        }
    }

    /// <summary>A <c>.gitattributes</c> that sends every file through the filter and diff driver <c>x</c>.</summary>
    public static void Attributes(string workTree) =>
        File.WriteAllText(Path.Combine(workTree, ".gitattributes"), "* filter=x diff=x merge=x\n");

    /// <summary>Runs the user's git for inspection (never with a fsmonitor or hooks); returns its output.</summary>
    public static string Run(string? workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in (string[])["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "user.name=u", "-c", "user.email=u@x", "-c", "safe.directory=*", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }

        return output;
    }

    /// <summary>Everything a repository has: every ref and what it points at (a new commit or tag changes it).</summary>
    public static string Refs(string gitDirectory) => Run(null, "--git-dir=" + gitDirectory, "for-each-ref", "--format=%(refname) %(objectname)");
}
