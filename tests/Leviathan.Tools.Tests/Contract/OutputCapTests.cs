using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Tests.Contract;

public sealed class OutputCapTests
{
    [Fact]
    public void Apply_ShortText_IsUnchanged()
    {
        OutputCap.Apply("hello\n", 500).ShouldBe("hello\n");
    }

    [Fact]
    public void Apply_LongText_ReportsExactlyWhatWasDropped()
    {
        var lines = Enumerable.Range(0, 1000).Select(i => $"{i:D4} some output").ToArray();
        var text = string.Join('\n', lines) + "\n";

        var capped = OutputCap.Apply(text, 1000);

        capped.Length.ShouldBeLessThanOrEqualTo(1000);
        var kept = capped.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('[')).ToArray();
        var marker = capped.Split('\n').Single(l => l.StartsWith('['));
        var droppedLines = 1000 - kept.Length;
        marker.ShouldBe($"[... {droppedLines * 17:N0} characters ({droppedLines:N0} lines) cut from the middle ...]");
        kept[0].ShouldBe("0000 some output");
        kept[^1].ShouldBe("0999 some output");
    }

    [Fact]
    public void Apply_OneHugeLine_CutsInsideTheLine()
    {
        var text = new string('x', 10_000);

        var capped = OutputCap.Apply(text, 1000);

        capped.Length.ShouldBeLessThanOrEqualTo(1000);
        capped.ShouldContain("characters (0 lines) cut from the middle");
    }
}
