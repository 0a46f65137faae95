namespace Leviathan.Server.Tests;

/// <summary>Files of the repository the tests compare against (the committed OpenAPI document).</summary>
internal static class RepositoryFiles
{
    public static string OpenApiDocument => Path.Combine(Root, "docs", "openapi.json");

    /// <summary>The shipped example software task.</summary>
    public static string Example => Path.Combine(Root, "examples", "agent-task");

    public static string Root => Leviathan.Testing.RepositoryRoot.Path;
}
