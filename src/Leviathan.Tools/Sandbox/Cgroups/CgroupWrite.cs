namespace Leviathan.Tools.Sandbox.Cgroups;

/// <summary>One value written to a cgroup control file.</summary>
/// <param name="File">The absolute path of the control file.</param>
/// <param name="Value">The text written.</param>
/// <param name="Optional">Skipped when the file does not exist (for example swap accounting turned off).</param>
internal sealed record CgroupWrite(string File, string Value, bool Optional = false);
