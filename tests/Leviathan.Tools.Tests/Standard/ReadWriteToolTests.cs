namespace Leviathan.Tools.Tests.Standard;

public sealed class ReadWriteToolTests : StandardToolTestBase
{
    [Fact]
    public async Task ReadFile_SmallFile_ReturnsNumberedLines()
    {
        Write("src/app.py", "import os\n\nprint(os.name)\n");

        var result = await Call("read_file", new { path = "src/app.py" });

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldBe("     1\timport os\n     2\t\n     3\tprint(os.name)\n");
    }

    [Fact]
    public async Task ReadFile_OffsetAndLimit_ReturnsThatWindowAndSaysHowToGoOn()
    {
        Write("big.txt", string.Concat(Enumerable.Range(1, 100).Select(i => $"line {i}\n")));

        var result = await Call("read_file", new { path = "big.txt", offset = 10, limit = 3 });

        result.Text.ShouldBe("    10\tline 10\n    11\tline 11\n    12\tline 12\n[lines 10-12 of 100; read on with offset=13]\n");
    }

    [Fact]
    public async Task ReadFile_OffsetPastEnd_IsRefused()
    {
        Write("short.txt", "a\nb\n");

        var result = await Call("read_file", new { path = "short.txt", offset = 5 });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("offset 5 is past the end of short.txt, which has 2 lines.");
    }

    [Fact]
    public async Task ReadFile_MissingFile_SaysSoAndPointsToListFiles()
    {
        var result = await Call("read_file", new { path = "nope.txt" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("'nope.txt' does not exist. Use list_files to see which files there are.");
    }

    [Fact]
    public async Task ReadFile_BinaryFile_IsRefused()
    {
        File.WriteAllBytes(Dir.Combine("blob.bin"), [1, 2, 0, 3]);

        var result = await Call("read_file", new { path = "blob.bin" });

        result.Text.ShouldBe("'blob.bin' is a binary file (4 bytes); only text files can be read or edited.");
    }

    [Fact]
    public async Task ReadFile_Latin1File_IsShownWithReplacementCharacters()
    {
        File.WriteAllBytes(Dir.Combine("menu.txt"), [.. "caf"u8, 0xE9, .. "\n"u8]);

        var result = await Call("read_file", new { path = "menu.txt" });

        result.Text.ShouldBe("     1\tcaf\uFFFD\n");
    }

    [Fact]
    public async Task ReadFile_HugeFile_IsRefusedWithAnAlternative()
    {
        using (var stream = File.Create(Dir.Combine("huge.log")))
        {
            stream.SetLength(21L * 1024 * 1024);
        }

        var result = await Call("read_file", new { path = "huge.log" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("'huge.log' cannot be handled as text: it is 21.0 MB, more than the 20 MB the file tools handle. Use run_command instead.");
    }

    [Fact]
    public async Task ReadFile_MissingPath_IsASchemaError()
    {
        var result = await Call("read_file", new { offset = 1 });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("argument 'path' is required");
    }

    [Fact]
    public async Task ReadFile_LimitTooLarge_IsASchemaError()
    {
        var result = await Call("read_file", new { path = "a", limit = 20000 });

        result.Text.ShouldContain("'limit' must be at most 10000");
    }

    [Theory]
    [InlineData("../outside.txt", "contains '..'")]
    [InlineData("/etc/hostname", "is an absolute path")]
    public async Task ReadFile_PathOutsideWorkspace_IsRefused(string path, string reason)
    {
        var result = await Call("read_file", new { path });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain(reason);
    }

    [Fact]
    public async Task ReadFile_SymlinkToSecretOutside_IsRefusedWithoutLeakingContent()
    {
        File.WriteAllText(Outside.Combine("id_rsa"), "PRIVATE KEY");
        File.CreateSymbolicLink(Dir.Combine("key"), Outside.Combine("id_rsa"));

        var result = await Call("read_file", new { path = "key" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("outside the workspace");
        result.Text.ShouldNotContain("PRIVATE KEY");
    }

    [Fact]
    public async Task WriteFile_NewFileInNewFolder_CreatesBothAndReportsArtifact()
    {
        var result = await Call("write_file", new { path = "src/pkg/mod.py", content = "x = 1\ny = 2\n" });

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldBe("Created src/pkg/mod.py (2 lines, 12 bytes).");
        result.Artifacts.ShouldHaveSingleItem().ShouldBe(new Leviathan.Tools.Contract.ToolArtifact("src/pkg/mod.py", "created"));
        Read("src/pkg/mod.py").ShouldBe("x = 1\ny = 2\n");
    }

    [Fact]
    public async Task WriteFile_ExistingFile_Overwrites()
    {
        Write("a.txt", "old\n");

        var result = await Call("write_file", new { path = "a.txt", content = "new\n" });

        result.Text.ShouldStartWith("Overwrote a.txt");
        Read("a.txt").ShouldBe("new\n");
    }

    [Fact]
    public async Task WriteFile_ThroughSymlinkedFolderOutside_IsRefusedAndNothingWritten()
    {
        Directory.CreateSymbolicLink(Dir.Combine("out"), Outside.Path);

        var result = await Call("write_file", new { path = "out/planted.sh", content = "echo hi\n" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("outside the workspace");
        Directory.EnumerateFileSystemEntries(Outside.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteFile_IntoSnapshotFolder_IsRefused()
    {
        var result = await Call("write_file", new { path = ".leviathan/snapshots.git/HEAD", content = "garbage\n" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("which holds the workspace's Leviathan settings");
        File.Exists(Dir.Combine(".leviathan/snapshots.git/HEAD")).ShouldBeFalse();
    }

    [Fact]
    public async Task WriteFile_ContentMissing_IsASchemaError()
    {
        var result = await Call("write_file", new { path = "a.txt" });

        result.Text.ShouldContain("argument 'content' is required");
        File.Exists(Dir.Combine("a.txt")).ShouldBeFalse();
    }
}
