namespace Leviathan.Tools.Sandbox;

/// <summary>Finds a program the way a shell does: an absolute path as given, a bare name on PATH.</summary>
internal static class ExecutableSearch
{
    public static string? Find(string program, string? pathVariable)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        var path = string.IsNullOrEmpty(pathVariable) ? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" : pathVariable;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Join(dir, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
