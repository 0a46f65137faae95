using System.CommandLine;

namespace Leviathan.Cli.Hosting;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Home = new("--home")
    {
        Description = "Folder for leviathan.db, blobs/ and config.yaml (default: $LEVIATHAN_HOME, else ~/.leviathan)",
        Recursive = true,
    };

    public static readonly Option<bool> CreateDirs = new("--create-dirs")
    {
        Description = "Create missing folders of output paths (--out, --record, --scene); never at the file-system root",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show debug logs (stderr) and stack traces on errors; quiet by default",
        Recursive = true,
    };
}
