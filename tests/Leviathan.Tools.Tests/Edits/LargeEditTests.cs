using System.Globalization;
using System.Text;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Edits;
using Leviathan.Tools.Standard;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Edits;

/// <summary>Edits of several megabytes are applied correctly; edits over the caps are refused with their size.</summary>
public sealed class LargeEditTests : EditTestBase
{
    private static string Numbered(int count, string format)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{string.Format(CultureInfo.InvariantCulture, format, i)}\n");
        }

        return text.ToString();
    }

    [Fact]
    public void Apply_BlockRewritingAFileOfMegabytes_AppliesAndCountsEveryLine()
    {
        var before = Numbered(60_000, "    value_{0} = compute({0})");
        var after = before.Replace("compute(", "compute2(", StringComparison.Ordinal);
        Write("big.py", before);

        var report = Apply($"big.py\n<<<<<<< SEARCH\n{before}=======\n{after}>>>>>>> REPLACE\n");

        report.Succeeded.ShouldBeTrue(report.Describe());
        Read("big.py").ShouldBe(after);
        var change = report.Changes.Single();
        (change.LinesAdded, change.LinesRemoved).ShouldBe((60_000, 60_000));
    }

    [Fact]
    public void Apply_ManyBlocksInALargeFile_AppliesEachInItsPlace()
    {
        Write("big.py", Numbered(100_000, "line {0}"));
        var edit = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            edit.Append(CultureInfo.InvariantCulture, $"big.py\n<<<<<<< SEARCH\nline {i * 100}\n=======\nLINE {i * 100}\n>>>>>>> REPLACE\n");
        }

        var report = Apply(edit.ToString());

        report.Succeeded.ShouldBeTrue(report.Describe());
        var lines = Read("big.py").Split('\n');
        lines[0].ShouldBe("LINE 0");
        lines[1].ShouldBe("line 1");
        lines[99_900].ShouldBe("LINE 99900");
        lines[99_999].ShouldBe("line 99999");
    }

    [Fact]
    public void Apply_BlockInAFileOfIdenticalLines_RefusedAsAmbiguousListingTwentyPlaces()
    {
        Write("same.py", string.Concat(Enumerable.Repeat("x = 1\n", 200_000)));
        var before = Snapshot();

        var report = Apply($"same.py\n<<<<<<< SEARCH\n{string.Concat(Enumerable.Repeat("x = 1\n", 100_000))}=======\ny\n>>>>>>> REPLACE\n");

        report.Succeeded.ShouldBeFalse();
        report.Describe().ShouldContain("occurs 100001 times in same.py, starting at lines 1, 2, 3, ");
        report.Describe().ShouldContain(", 20 and 99,981 more; include more surrounding lines");
        Snapshot().ShouldBe(before);
    }

    [Fact]
    public void Apply_LargeBlockNotFound_QuotesTheClosestLines()
    {
        Write("big.py", Numbered(60_000, "    value_{0} = compute({0})"));

        var report = Apply($"big.py\n<<<<<<< SEARCH\n{Numbered(60_000, "    valu_{0} = compute({0})")}=======\nx\n>>>>>>> REPLACE\n");

        report.Succeeded.ShouldBeFalse();
        report.Describe().ShouldContain("Did you mean lines 1-60000 of big.py?");
    }

    [Fact]
    public void Apply_EditOverTheCap_RefusedNamingItsSizeAndTheCap()
    {
        Write("a.txt", "a\n");
        var edit = "a.txt\n<<<<<<< SEARCH\na\n=======\n" + new string('b', EditEngine.MaxEditBytes) + "\n>>>>>>> REPLACE\n";

        var report = Apply(edit);

        report.Succeeded.ShouldBeFalse();
        report.Error.ShouldBe("the edit is 4,194,352 bytes (4.0 MB), more than the 4,194,304 bytes (4 MB) one edit may be; split it into several smaller edits, or write the whole file with write_file");
        Read("a.txt").ShouldBe("a\n");
    }

    [Fact]
    public void Apply_MoreBlocksThanTheCap_RefusedNamingTheCount()
    {
        Write("a.txt", "a\n");
        var edit = string.Concat(Enumerable.Repeat("a.txt\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n", 1001));

        var report = Apply(edit);

        report.Error.ShouldBe("the edit holds 1,001 blocks, more than the 1,000 one edit may hold; split it into several edits");
    }

    [Theory]
    [InlineData("..\\..\\x")]
    [InlineData("a\\b.txt")]
    public void Apply_BackslashesInThePath_ReportedAsTheLiteralFileNameCreated(string name)
    {
        var report = Apply($"{name}\n<<<<<<< SEARCH\n=======\nhello\n>>>>>>> REPLACE\n");

        report.Succeeded.ShouldBeTrue(report.Describe());
        report.Changes.Single().Path.ShouldBe(name);
        report.Describe().ShouldContain(name);
        report.Describe().ShouldNotContain("../");
        Read(name).ShouldBe("hello\n");
        Directory.EnumerateFileSystemEntries(Dir.Path).Select(Path.GetFileName).ShouldBe([name]);
    }

    [Fact]
    public async Task WriteFile_BackslashesInThePath_ReportedAsTheLiteralFileName()
    {
        var context = new ToolContext(new WorkspaceRoot(Dir.Path));

        var result = await new ToolSet(StandardTools.Create()).InvokeAsync(
            new ToolCall("write_file", "{\"path\": \"..\\\\..\\\\x\", \"content\": \"hi\"}"), context, CancellationToken.None);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("..\\..\\x");
        result.Text.ShouldNotContain("../");
        File.ReadAllText(Dir.Combine("..\\..\\x")).ShouldBe("hi");
    }
}
