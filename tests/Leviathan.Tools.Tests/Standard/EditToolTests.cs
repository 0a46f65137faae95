namespace Leviathan.Tools.Tests.Standard;

public sealed class EditToolTests : StandardToolTestBase
{
    private const string Source = "class Greeter:\n    def greet(self, name):\n        return 'hello ' + name\n\n    def part(self, name):\n        return 'bye ' + name\n";

    [Fact]
    public async Task EditFile_UniqueText_ReplacesIt()
    {
        Write("g.py", Source);

        var result = await Call("edit_file", new { path = "g.py", old_text = "'hello '", new_text = "'hi '" });

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldBe("Edited g.py: replaced 1 occurrence at line 3.");
        Read("g.py").ShouldBe(Source.Replace("'hello '", "'hi '", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditFile_TextOccursTwice_IsRefusedNamingBothLines()
    {
        Write("g.py", Source);

        var result = await Call("edit_file", new { path = "g.py", old_text = " + name", new_text = " + name.title()" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("old_text occurs 2 times in g.py, at lines 3, 6; include more surrounding text so that it occurs once, or set replace_all to true.");
        Read("g.py").ShouldBe(Source);
    }

    [Fact]
    public async Task EditFile_ReplaceAll_ReplacesEveryOccurrence()
    {
        Write("g.py", Source);

        var result = await Call("edit_file", new { path = "g.py", old_text = " + name", new_text = " + name.title()", replace_all = true });

        result.Text.ShouldBe("Edited g.py: replaced 2 occurrences at lines 3, 6.");
        Read("g.py").ShouldBe(Source.Replace(" + name", " + name.title()", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditFile_WholeLinesWithWrongIndentation_AreReindented()
    {
        Write("g.py", Source);

        var result = await Call("edit_file", new
        {
            path = "g.py",
            old_text = "def part(self, name):\n    return 'bye ' + name\n",
            new_text = "def part(self, name):\n    print('leaving')\n    return 'bye ' + name\n",
        });

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldBe("Edited g.py: replaced lines 5-6 (matched with different indentation (the file is indented 4 spaces more); new_text was re-indented to match).");
        Read("g.py").ShouldBe(Source.Replace("        return 'bye '", "        print('leaving')\n        return 'bye '", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditFile_TextNotFound_QuotesTheClosestLines()
    {
        Write("g.py", Source);

        var result = await Call("edit_file", new { path = "g.py", old_text = "        return 'helo ' + name", new_text = "x" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith("old_text (starting 'return 'helo ' + name') was not found in g.py.\nDid you mean lines 3-3 of g.py?\n     3|         return 'hello ' + name");
        Read("g.py").ShouldBe(Source);
    }

    [Fact]
    public async Task EditFile_Latin1File_IsRefusedAndUntouched()
    {
        byte[] latin1 = [.. "caf"u8, 0xE9, .. "\nprix = 3\n"u8];
        File.WriteAllBytes(Dir.Combine("menu.txt"), latin1);

        var result = await Call("edit_file", new { path = "menu.txt", old_text = "prix = 3", new_text = "prix = 4" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("'menu.txt' cannot be handled as text: it is not valid UTF-8 text, and rewriting it would change bytes outside the edit. Use run_command instead.");
        File.ReadAllBytes(Dir.Combine("menu.txt")).ShouldBe(latin1);
    }

    [Fact]
    public async Task EditFile_SameOldAndNew_IsRefused()
    {
        Write("g.py", Source);

        var result = await Call("edit_file", new { path = "g.py", old_text = "x", new_text = "x" });

        result.Text.ShouldBe("old_text and new_text are the same; there is nothing to change.");
    }

    [Fact]
    public async Task EditFile_EmptyOldText_IsASchemaError()
    {
        Write("g.py", Source);

        var result = await Call("edit_file", new { path = "g.py", old_text = "", new_text = "x" });

        result.Text.ShouldContain("'old_text' must not be empty");
    }

    [Fact]
    public async Task EditFile_CrlfFile_KeepsCrlf()
    {
        Write("w.txt", "one\r\ntwo\r\n");

        var result = await Call("edit_file", new { path = "w.txt", old_text = "one\ntwo", new_text = "1\n2" });

        result.IsError.ShouldBeFalse(result.Text);
        Read("w.txt").ShouldBe("1\r\n2\r\n");
    }

    [Fact]
    public async Task ApplyPatch_Diff_AppliesAndListsArtifacts()
    {
        Write("g.py", Source);

        var result = await Call("apply_patch", new
        {
            patch = "--- a/g.py\n+++ b/g.py\n@@ -2,2 +2,2 @@\n     def greet(self, name):\n-        return 'hello ' + name\n+        return f'hello {name}'\n--- /dev/null\n+++ b/README.md\n@@ -0,0 +1 @@\n+# Greeter\n",
        });

        result.IsError.ShouldBeFalse(result.Text);
        result.Artifacts.Select(a => $"{a.Kind} {a.Path}").ShouldBe(["modified g.py", "created README.md"], ignoreOrder: true);
        Read("g.py").ShouldContain("return f'hello {name}'");
        Read("README.md").ShouldBe("# Greeter\n");
    }

    [Fact]
    public async Task ApplyPatch_OneBlockFails_IsAnErrorAndNothingChanges()
    {
        Write("g.py", Source);

        var result = await Call("apply_patch", new
        {
            patch = "g.py\n<<<<<<< SEARCH\n        return 'hello ' + name\n=======\n        return 'hi ' + name\n>>>>>>> REPLACE\nREADME.md\n<<<<<<< SEARCH\n# Title\n=======\n# Greeter\n>>>>>>> REPLACE\n",
        });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith("No files were changed: 1 of 2 blocks failed.");
        result.Text.ShouldContain("README.md does not exist");
        Read("g.py").ShouldBe(Source);
    }
}
