using System.Text.RegularExpressions;

namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>
/// Says which program was not found in the sandbox and how to make it visible, instead of a raw
/// <c>bwrap: execvp …</c> line: exit status 127 as a shell gives, and a hint naming the preset that brings it.
/// </summary>
internal static partial class MissingProgram
{
    /// <summary>The result with the program named and the hint added; unchanged when nothing was missing.</summary>
    public static SandboxResult Explain(SandboxResult result, SandboxToolchain toolchain)
    {
        string? program = null;
        if (result.ExitCode == 1 && BwrapExec().Match(result.Stderr) is { Success: true } exec)
        {
            program = exec.Groups["program"].Value;
            result = result with
            {
                ExitCode = 127,
                Stderr = BwrapExec().Replace(result.Stderr, $"{program}: not found in the sandbox"),
            };
        }
        else if (result.ExitCode == 127 && ShellNotFound().Match(result.Stderr) is { Success: true } shell)
        {
            program = shell.Groups["program"].Value;
        }

        var remarks = toolchain.Notices.ToList();
        if (program is not null)
        {
            remarks.Add(Hint(Path.GetFileName(program), toolchain));
        }

        return remarks.Count == 0 ? result : result with { Remarks = [.. result.Remarks, .. remarks] };
    }

    private static string Hint(string program, SandboxToolchain toolchain)
    {
        var preset = ToolchainPresets.Bringing(program);
        if (preset is null)
        {
            return $"{program}: not found in the sandbox (home folders are hidden); show its folder with sandbox.mounts, e.g. mounts: [{{path: /opt/tool}}]";
        }

        return toolchain.Presets.Contains(preset.Name, StringComparer.Ordinal)
            ? $"{program}: not found in the sandbox although the {preset.Name} preset is on ({preset.Describes}); is it installed on this machine, in one of those folders or on PATH?"
            : $"{program}: not found in the sandbox; the {preset.Name} preset mounts {preset.Describes} — enable it with sandbox.presets: [{preset.Name}] in config.yaml or --preset {preset.Name}";
    }

    [GeneratedRegex(@"^bwrap: execvp (?<program>[^:\n]+): No such file or directory$", RegexOptions.Multiline)]
    private static partial Regex BwrapExec();

    // dash: "sh: 1: cargo: not found"; bash: "bash: line 1: cargo: command not found".
    [GeneratedRegex(@"^(?:[^\n]*: )?(?<program>[A-Za-z0-9._+/-]+): (?:command )?not found$", RegexOptions.Multiline)]
    private static partial Regex ShellNotFound();
}
