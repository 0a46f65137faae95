namespace Leviathan.Tools.Tests.Standard;

/// <summary>
/// A link planted in the workspace (as any sandboxed command can) that leads outside: every file tool refuses
/// to go through it, and the outside stays exactly as it was.
/// </summary>
public sealed class SymlinkEscapeToolTests : StandardToolTestBase
{
    public SymlinkEscapeToolTests()
    {
        File.WriteAllText(Outside.Combine("x.txt"), "outside line\n");
        File.CreateSymbolicLink(Dir.Combine("out"), Outside.Path);
        File.CreateSymbolicLink(Dir.Combine("passwd"), Outside.Combine("x.txt"));
        Write("inside.txt", "inside line\n");
    }

    private void OutsideIsUntouched()
    {
        File.ReadAllText(Outside.Combine("x.txt")).ShouldBe("outside line\n");
        Directory.EnumerateFileSystemEntries(Outside.Path).ShouldBe([Outside.Combine("x.txt")]);
    }

    [Theory]
    [InlineData("out/x.txt")]
    [InlineData("out/new.txt")]
    [InlineData("out/deeper/new.txt")]
    [InlineData("passwd")]
    public async Task WriteFile_ThroughLinkOutside_IsRefused(string path)
    {
        var result = await Call("write_file", new { path, content = "pwned\n" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("through a symbolic link, which is outside the workspace");
        OutsideIsUntouched();
    }

    [Theory]
    [InlineData("out/x.txt")]
    [InlineData("passwd")]
    public async Task EditFile_ThroughLinkOutside_IsRefused(string path)
    {
        var result = await Call("edit_file", new { path, old_text = "outside line", new_text = "pwned" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("outside the workspace");
        OutsideIsUntouched();
    }

    [Theory]
    [InlineData("--- a/out/x.txt\n+++ b/out/x.txt\n@@ -1 +1 @@\n-outside line\n+pwned\n")]
    [InlineData("--- /dev/null\n+++ b/out/new.txt\n@@ -0,0 +1 @@\n+pwned\n")]
    [InlineData("out/x.txt\n<<<<<<< SEARCH\noutside line\n=======\npwned\n>>>>>>> REPLACE\n")]
    [InlineData("--- a/inside.txt\n+++ b/inside.txt\n@@ -1 +1 @@\n-inside line\n+changed\n--- a/passwd\n+++ b/passwd\n@@ -1 +1 @@\n-outside line\n+pwned\n")]
    public async Task ApplyPatch_ThroughLinkOutside_IsRefusedAndNothingChanges(string patch)
    {
        var result = await Call("apply_patch", new { patch });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("outside the workspace");
        Read("inside.txt").ShouldBe("inside line\n");
        OutsideIsUntouched();
    }

    [Theory]
    [InlineData("out/x.txt")]
    [InlineData("passwd")]
    public async Task ReadFile_ThroughLinkOutside_IsRefused(string path)
    {
        var result = await Call("read_file", new { path });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldNotContain("outside line");
    }

    [Fact]
    public async Task SearchAndList_LinksOutside_AreNotFollowed()
    {
        var search = await Call("search_files", new { pattern = "line" });
        var list = await Call("list_files", new { });

        search.Text.ShouldContain("inside.txt:1: inside line");
        search.Text.ShouldNotContain("outside line");
        list.Text.ShouldContain("out  (symbolic link to outside the workspace, not followed)");
        list.Text.ShouldNotContain("x.txt");
    }
}
