namespace Leviathan.Testing;

/// <summary>The repository's root folder (the one holding Leviathan.sln), found above the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A file or folder of the repository, from its parts relative to the root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Leviathan.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"the repository root (Leviathan.sln) was not found above {AppContext.BaseDirectory}");
    }
}
