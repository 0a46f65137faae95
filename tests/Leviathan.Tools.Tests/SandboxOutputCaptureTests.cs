using System.Text;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

public sealed class SandboxOutputCaptureTests
{
    [Fact]
    public void Append_WithinLimit_KeepsEverything()
    {
        var capture = new OutputCapture(1024);
        capture.Append("line one\n"u8);
        capture.Append("line two\n"u8);

        capture.ToText().ShouldBe("line one\nline two\n");
        capture.Truncated.ShouldBeFalse();
        capture.TotalBytes.ShouldBe(18);
    }

    [Fact]
    public void Append_BeyondLimit_KeepsHeadAndTailAndCountsTheCut()
    {
        var capture = new OutputCapture(1024);
        capture.Append(Encoding.UTF8.GetBytes("START" + new string('m', 10_000)));
        for (var i = 0; i < 100; i++)
        {
            capture.Append(Encoding.UTF8.GetBytes(new string('n', 97)));
        }

        capture.Append("THE-END"u8);

        var text = capture.ToText();
        text.ShouldStartWith("START");
        text.ShouldEndWith("THE-END");
        capture.TotalBytes.ShouldBe(5 + 10_000 + 9_700 + 7);
        text.ShouldContain($"[... {capture.TotalBytes - 1024:N0} bytes of output dropped ({capture.TotalBytes:N0} in all) ...]");
        capture.Truncated.ShouldBeTrue();
    }

    [Fact]
    public void Append_ManyChunksAcrossTheHeadsGrowth_KeepsEveryByteInOrder()
    {
        // The head starts small and grows as output comes: 300 KB in odd-sized chunks crosses several growths.
        var capture = new OutputCapture(1 << 20);
        var expected = new StringBuilder();
        for (var i = 0; expected.Length < 300_000; i++)
        {
            var chunk = $"line {i:D6} " + new string((char)('a' + (i % 26)), i % 977) + "\n";
            expected.Append(chunk);
            capture.Append(Encoding.UTF8.GetBytes(chunk));
        }

        capture.ToText().ShouldBe(expected.ToString());
        capture.Truncated.ShouldBeFalse();

        // Past the head's half of the limit, the tail keeps the end.
        capture.Append(Encoding.UTF8.GetBytes(new string('x', 900_000) + "THE-END"));
        var text = capture.ToText();
        text.ShouldStartWith(expected.ToString());
        text.ShouldEndWith("THE-END");
        capture.Truncated.ShouldBeTrue();
    }
}
