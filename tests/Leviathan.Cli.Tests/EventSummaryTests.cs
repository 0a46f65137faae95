using Leviathan.Cli.Rendering;
using Leviathan.Core.Tracing;

namespace Leviathan.Cli.Tests;

public sealed class EventSummaryTests
{
    [Fact]
    public void Describe_ToolResultWithoutExitCode_SaysOkAndTheText()
    {
        var text = EventSummary.Describe(Event(EventKind.ToolResult, """{"call_id":"c1","is_error":false,"exit_code":null,"text":"TODO list saved"}"""));
        text.ShouldBe("ok: TODO list saved");
    }

    [Fact]
    public void Describe_LongEscapedAndMultibyteText_IsCutToTheWidthOnOneLine()
    {
        var content = string.Concat(Enumerable.Repeat("é€😀 line\\n", 200));
        var text = EventSummary.Describe(Event(EventKind.Message, $$"""{"role":"assistant","content":"{{content}}"}"""), 60);
        text.Length.ShouldBe(60);
        text.ShouldStartWith("assistant: é€😀 line é€😀");
        text.ShouldEndWith("…");
        text.ShouldNotContain("\n");
        text.ShouldNotContain("\uFFFD");

        // Without escapes only the start of the text is decoded; a character cut in half never shows.
        var plain = EventSummary.Describe(Event(EventKind.Message, $$"""{"role":"user","content":"{{string.Concat(Enumerable.Repeat("€😀", 500))}}"}"""), 60);
        plain.Length.ShouldBe(60);
        plain.ShouldEndWith("…");
        plain.ShouldNotContain("\uFFFD");
    }

    [Fact]
    public void Describe_ToolCall_ShowsTheArgumentsUnescaped()
    {
        var text = EventSummary.Describe(Event(EventKind.ToolCall, """{"call_id":"c1","name":"edit_file","arguments":{"path":"a \"b\".py","old_text":"x\ny","n":3,"items":[1,2]}}"""));
        text.ShouldBe("""edit_file(path: a "b".py, old_text: x y, n: 3, items: [1,2])""");
    }

    [Fact]
    public void Describe_PayloadThatIsNotJson_ShowsItAsIs()
    {
        EventSummary.Describe(Event(EventKind.Error, "disk full")).ShouldBe("disk full");
    }

    private static TraceEvent Event(EventKind kind, string payload) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), 1, null, kind, "engineer", payload, DateTimeOffset.UnixEpoch, null);
}
