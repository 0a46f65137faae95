namespace Leviathan.Cli.Hosting;

/// <summary>
/// The one rule for every path a command writes (<c>--out</c>, <c>--record</c>, <c>--scene</c>): the folder it goes in
/// must exist, unless <c>--create-dirs</c> is given; even then no folder is created directly under the file-system
/// root, and the root itself is never an output.
/// </summary>
internal static class OutputPath
{
    /// <summary>The value of <c>--out</c> that means standard output.</summary>
    public const string Stdout = "-";

    /// <summary>True when <paramref name="value"/> asks for standard output (<c>--out -</c>).</summary>
    public static bool IsStdout(string? value) => value == Stdout;

    /// <summary>The full path to write, with its folder present; a usage error (exit 2) otherwise.</summary>
    /// <param name="context">The command's context (working directory, <c>--create-dirs</c>).</param>
    /// <param name="option">The option's name, for messages.</param>
    /// <param name="value">The path as given.</param>
    public static string Resolve(CliContext context, string option, string value)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw CliException.Usage($"{option} needs a path, not an empty string");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(value, context.Environment.WorkingDirectory));
        var folder = Path.GetDirectoryName(full);
        if (folder is null)
        {
            throw CliException.Usage($"{option} cannot be the file-system root ({full})", "give a file or folder inside an existing folder");
        }

        if (Directory.Exists(folder))
        {
            return full;
        }

        if (!context.ParseResult.GetValue(GlobalOptions.CreateDirs))
        {
            throw CliException.Usage(
                $"the folder {folder} of {option} does not exist",
                "create it first, or add --create-dirs to have it created");
        }

        var first = folder;
        while (Path.GetDirectoryName(first) is { } parent && !Directory.Exists(parent))
        {
            first = parent;
        }

        if (Path.GetDirectoryName(first) is "/" or null)
        {
            throw CliException.Usage(
                $"--create-dirs does not create folders at the file-system root ({first}, for {option})",
                "create that folder yourself, or write somewhere under an existing folder");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failed($"the folder {folder} of {option} cannot be created: {ex.Message}", "choose a writable place", ex);
        }

        return full;
    }
}
