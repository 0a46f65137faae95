using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Sandbox;

/// <summary>Arguments of <c>run_command</c>.</summary>
/// <param name="Command">A shell command line, run with /bin/sh -c in the workspace root.</param>
/// <param name="TimeoutS">Seconds before the command and everything it started are killed.</param>
public sealed record RunCommandArguments(
    [property: Description("Shell command line, run with /bin/sh -c in the workspace root, for example 'make test' or 'ls -la src'.")]
    [property: MinLength(1)]
    string Command,
    [property: Description("Seconds before the command and every process it started are killed (default 120).")]
    [property: Range(1, 600)]
    int? TimeoutS = null);
