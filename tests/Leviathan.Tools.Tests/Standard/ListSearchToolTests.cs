namespace Leviathan.Tools.Tests.Standard;

public sealed class ListSearchToolTests : StandardToolTestBase
{
    public ListSearchToolTests()
    {
        Write("README.md", "# Demo\nTODO: write docs\n");
        Write("src/app.py", "def main():\n    # TODO: parse args\n    pass\n");
        Write("src/lib/util.py", "def helper():\n    return 42\n");
        Write("src/lib/Util.cs", "class Util { } // TODO\n");
        Write(".git/config", "[core]\nTODO = no\n");
        Write(".leviathan/snapshots.git/description", "TODO snapshots\n");
        File.WriteAllBytes(Dir.Combine("src/data.bin"), [0x54, 0x4F, 0x44, 0x4F, 0, 1]);
    }

    [Fact]
    public async Task ListFiles_NoArguments_ListsEveryFileSortedWithoutGitOrSnapshots()
    {
        var result = await Call("list_files", new { });

        result.Text.ShouldBe("README.md\nsrc/app.py\nsrc/data.bin\nsrc/lib/Util.cs\nsrc/lib/util.py\n");
    }

    [Theory]
    [InlineData("*.py", "src/app.py\nsrc/lib/util.py\n")]
    [InlineData("src/lib/*", "src/lib/Util.cs\nsrc/lib/util.py\n")]
    [InlineData("**/*.{cs,md}", "README.md\nsrc/lib/Util.cs\n")]
    [InlineData("src/**/u?il.py", "src/lib/util.py\n")]
    public async Task ListFiles_Glob_FiltersPaths(string glob, string expected)
    {
        var result = await Call("list_files", new { glob });

        result.Text.ShouldBe(expected);
    }

    [Fact]
    public async Task ListFiles_Folder_ListsOnlyBelowIt()
    {
        var result = await Call("list_files", new { path = "src/lib" });

        result.Text.ShouldBe("src/lib/Util.cs\nsrc/lib/util.py\n");
    }

    [Fact]
    public async Task ListFiles_SymlinkedFolderOutside_IsShownButNotEntered()
    {
        File.WriteAllText(Outside.Combine("secret.txt"), "s");
        Directory.CreateSymbolicLink(Dir.Combine("src/escape"), Outside.Path);

        var result = await Call("list_files", new { path = "src" });

        result.Text.ShouldContain("src/escape  (symbolic link to outside the workspace, not followed)");
        result.Text.ShouldNotContain("secret.txt");
    }

    [Fact]
    public async Task ListFiles_MissingFolder_IsRefused()
    {
        var result = await Call("list_files", new { path = "nope" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("'nope' does not exist in the workspace.");
    }

    [Fact]
    public async Task ListFiles_BadGlob_IsRefused()
    {
        var result = await Call("list_files", new { glob = "src/[abc" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("the glob 'src/[abc' has a '[' without a closing ']'.");
    }

    [Fact]
    public async Task SearchFiles_Pattern_FindsLinesInTextFilesOnly()
    {
        var result = await Call("search_files", new { pattern = "TODO" });

        result.Text.ShouldBe("README.md:2: TODO: write docs\nsrc/app.py:2:     # TODO: parse args\nsrc/lib/Util.cs:1: class Util { } // TODO\n");
    }

    [Fact]
    public async Task SearchFiles_PathAndGlob_NarrowTheSearch()
    {
        var result = await Call("search_files", new { pattern = @"def \w+\(", path = "src", glob = "*.py" });

        result.Text.ShouldBe("src/app.py:1: def main():\nsrc/lib/util.py:1: def helper():\n");
    }

    [Fact]
    public async Task SearchFiles_NoMatch_SaysHowManyFilesWereSearched()
    {
        var result = await Call("search_files", new { pattern = "nothing-like-this", path = "src/lib" });

        result.IsError.ShouldBeFalse();
        result.Text.ShouldBe("No matches for 'nothing-like-this' in 2 files.\n");
    }

    [Fact]
    public async Task SearchFiles_InvalidRegex_IsRefusedWithTheReason()
    {
        var result = await Call("search_files", new { pattern = "foo(" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith("pattern 'foo(' is not a valid regular expression:");
    }

    [Fact]
    public async Task SearchFiles_SymlinkToSecretOutside_IsNotRead()
    {
        File.WriteAllText(Outside.Combine("token"), "TODO secret-token\n");
        File.CreateSymbolicLink(Dir.Combine("token"), Outside.Combine("token"));

        var result = await Call("search_files", new { pattern = "TODO" });

        result.Text.ShouldNotContain("secret-token");
    }

    [Fact]
    public async Task SearchFiles_ManyMatches_StopsAtTheCapAndSaysSo()
    {
        Write("many.txt", string.Concat(Enumerable.Range(0, 600).Select(i => $"hit {i}\n")));

        var result = await Call("search_files", new { pattern = "^hit", path = "many.txt" });

        result.Text.Split('\n').Count(l => l.StartsWith("many.txt:", StringComparison.Ordinal)).ShouldBe(500);
        result.Text.ShouldEndWith("[stopped after 500 matches; narrow the search with path, glob or a more specific pattern]\n");
    }
}
