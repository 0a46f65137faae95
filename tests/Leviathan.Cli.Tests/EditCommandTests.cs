using System.Text.Json;

namespace Leviathan.Cli.Tests;

public sealed class EditCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly string _root;

    public EditCommandTests()
    {
        _root = Path.Combine(_cli.Scratch, "project");
        Directory.CreateDirectory(Path.Combine(_root, "src"));
        File.WriteAllText(Path.Combine(_root, "src", "app.py"), "def main():\n    print('hello')\n");
        File.WriteAllText(Path.Combine(_root, "README.md"), "# App\n");
    }

    public void Dispose() => _cli.Dispose();

    private string EditFile(string text)
    {
        var path = Path.Combine(_cli.Scratch, $"edit-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }

    private string Read(string relative) => File.ReadAllText(Path.Combine(_root, relative));

    [Theory]
    [InlineData("/")]
    [InlineData("/etc")]
    [InlineData("/usr")]
    public async Task Apply_SystemFolderAsRoot_IsAUsageErrorAndWritesNothing(string root)
    {
        var edit = EditFile("--- a/leviathan-edit-probe\n+++ b/leviathan-edit-probe\n@@ -0,0 +1 @@\n+x\n");

        var result = await _cli.RunAsync("edit", "apply", "--root", root, edit);

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldMatch("(root directory|system folder)");
        File.Exists(Path.Combine(root, "leviathan-edit-probe")).ShouldBeFalse();
    }

    [Fact]
    public async Task Apply_LeviathanHomeAsRoot_IsAUsageError()
    {
        Directory.CreateDirectory(_cli.Home);

        var result = await _cli.RunAsync("edit", "apply", "--root", _cli.Home, EditFile("x"));

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldContain("Leviathan home");
    }

    [Fact]
    public async Task Apply_DiffThatApplies_WritesFilesAndExitsZero()
    {
        var edit = EditFile("--- a/src/app.py\n+++ b/src/app.py\n@@ -1,2 +1,2 @@\n def main():\n-    print('hello')\n+    print('hello, world')\n");

        var result = await _cli.RunAsync("edit", "apply", "--root", _root, edit);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe("Applied 1 block:\n  modified src/app.py (+1 -1)\n");
        Read("src/app.py").ShouldBe("def main():\n    print('hello, world')\n");
    }

    [Fact]
    public async Task Apply_OneBlockFails_ExitsOneExplainsOnStderrAndWritesNothing()
    {
        var edit = EditFile(
            "src/app.py\n<<<<<<< SEARCH\n    print('hello')\n=======\n    print('bye')\n>>>>>>> REPLACE\n"
            + "README.md\n<<<<<<< SEARCH\n# Application\n=======\n# Demo\n>>>>>>> REPLACE\n");

        var result = await _cli.RunAsync("edit", "apply", "--root", _root, edit);

        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldStartWith("No files were changed: 1 of 2 blocks failed.");
        result.Stderr.ShouldContain("Block 2 (README.md, edit line 8): the SEARCH text (1 line, starting '# Application') was not found in README.md.");
        result.Stderr.ShouldContain("Did you mean lines 1-1 of README.md?");
        Read("src/app.py").ShouldBe("def main():\n    print('hello')\n");
        Read("README.md").ShouldBe("# App\n");
    }

    [Fact]
    public async Task Apply_Json_ReportsEveryBlock()
    {
        var edit = EditFile(
            "src/app.py\n<<<<<<< SEARCH\n  print('hello')\n=======\n  print('bye')\n>>>>>>> REPLACE\n"
            + "../escape.txt\n<<<<<<< SEARCH\n=======\nx\n>>>>>>> REPLACE\n");

        var result = await _cli.RunAsync("edit", "apply", "--root", _root, edit, "--json");

        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldContain("\"'../escape.txt' contains '..'");
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        report.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        report.GetProperty("format").GetString().ShouldBe("search-replace");
        var blocks = report.GetProperty("blocks").EnumerateArray().ToList();
        blocks.Count.ShouldBe(2);
        blocks[0].GetProperty("applied").GetBoolean().ShouldBeTrue();
        blocks[0].GetProperty("match").GetString().ShouldBe("indentation");
        blocks[1].GetProperty("applied").GetBoolean().ShouldBeFalse();
        blocks[1].GetProperty("path").GetString().ShouldBe("../escape.txt");
        blocks[1].GetProperty("message").GetString()!.ShouldContain("paths may not leave the workspace");
        report.GetProperty("changes").GetArrayLength().ShouldBe(0);
        File.Exists(Path.Combine(_cli.Scratch, "escape.txt")).ShouldBeFalse();
        Read("src/app.py").ShouldBe("def main():\n    print('hello')\n");
    }

    [Fact]
    public async Task Apply_JsonSuccess_ListsChanges()
    {
        var edit = EditFile("--- /dev/null\n+++ b/docs/notes.md\n@@ -0,0 +1,2 @@\n+# Notes\n+None yet.\n");

        var result = await _cli.RunAsync("edit", "apply", "--root", _root, edit, "--json");

        result.ExitCode.ShouldBe(0);
        using var json = JsonDocument.Parse(result.Stdout);
        var change = json.RootElement.GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("path").GetString().ShouldBe("docs/notes.md");
        change.GetProperty("kind").GetString().ShouldBe("created");
        change.GetProperty("lines_added").GetInt32().ShouldBe(2);
        Read("docs/notes.md").ShouldBe("# Notes\nNone yet.\n");
    }

    [Fact]
    public async Task Apply_DryRun_ReportsButWritesNothing()
    {
        var edit = EditFile("README.md\n<<<<<<< SEARCH\n# App\n=======\n# Renamed\n>>>>>>> REPLACE\n");

        var result = await _cli.RunAsync("edit", "apply", "--root", _root, edit, "--dry-run");

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldContain("modified README.md (+1 -1)");
        Read("README.md").ShouldBe("# App\n");
    }

    [Fact]
    public async Task Apply_NotAnEdit_ExitsOneSayingWhatWasExpected()
    {
        var edit = EditFile("please fix the bug\n");

        var result = await _cli.RunAsync("edit", "apply", "--root", _root, edit);

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldStartWith("No files were changed: the edit holds neither a unified diff");
    }

    [Fact]
    public async Task Apply_MissingEditFile_IsUsageError()
    {
        var result = await _cli.RunAsync("edit", "apply", "--root", _root, Path.Combine(_cli.Scratch, "nope.diff"));

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("the edit file");
        result.Stderr.ShouldContain("does not exist");
    }

    [Fact]
    public async Task Apply_MissingRootFolder_IsUsageError()
    {
        var edit = EditFile("README.md\n<<<<<<< SEARCH\n# App\n=======\n# X\n>>>>>>> REPLACE\n");

        var result = await _cli.RunAsync("edit", "apply", "--root", Path.Combine(_cli.Scratch, "missing"), edit);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("the --root folder");
    }

    [Fact]
    public async Task Apply_WithoutRoot_IsUsageError()
    {
        var edit = EditFile("README.md\n<<<<<<< SEARCH\n# App\n=======\n# X\n>>>>>>> REPLACE\n");

        var result = await _cli.RunAsync("edit", "apply", edit);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--root");
    }
}
