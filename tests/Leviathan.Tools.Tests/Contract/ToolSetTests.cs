using Leviathan.Testing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Contract;

public sealed class ToolSetTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SampleTool _tool = new();
    private readonly ToolSet _tools;
    private readonly ToolContext _context;
    private readonly FakeTimeProvider _clock = new();

    public ToolSetTests()
    {
        _tools = new ToolSet([_tool]);
        _context = new ToolContext(new WorkspaceRoot(_dir.Path)) { Time = _clock, Options = new ToolOptions { MaxOutputChars = 2000 } };
    }

    public void Dispose() => _dir.Dispose();

    private Task<ToolResult> Call(string json, string name = "sample") =>
        _tools.InvokeAsync(new ToolCall(name, json), _context, CancellationToken.None);

    [Fact]
    public async Task InvokeAsync_ValidArguments_RunsHandlerWithTypedValues()
    {
        var result = await Call("""{"path":"a.txt","timeout_s":30,"mode":"very_thorough","keep_going":true}""");

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldBe("a.txt 30 VeryThorough True");
    }

    [Fact]
    public async Task InvokeAsync_MissingRequiredArgument_NamesItAndDoesNotRun()
    {
        var result = await Call("""{"timeout_s":30}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("argument 'path' is required");
        _tool.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task InvokeAsync_ValueAboveMaximum_SaysTheLimit()
    {
        var result = await Call("""{"path":"a","timeout_s":601}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("'timeout_s' must be at most 600");
        _tool.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task InvokeAsync_ValueBelowMinimum_SaysTheLimit()
    {
        var result = await Call("""{"path":"a","timeout_s":0}""");

        result.Text.ShouldContain("'timeout_s' must be at least 1");
    }

    [Fact]
    public async Task InvokeAsync_WrongType_SaysWhatWasExpected()
    {
        var result = await Call("""{"path":42,"keep_going":"yes"}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("'path' must be a string");
        result.Text.ShouldContain("'keep_going' must be true or false");
    }

    [Fact]
    public async Task InvokeAsync_ValueOutsideEnum_ListsTheChoices()
    {
        var result = await Call("""{"path":"a","mode":"slow"}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("'mode' must be one of: fast, very_thorough");
    }

    [Fact]
    public async Task InvokeAsync_UnknownArgument_NamesItAndTheKnownOnes()
    {
        var result = await Call("""{"path":"a","pathh":"b"}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("argument 'pathh' is not known (known arguments: path, timeout_s, mode, keep_going)");
    }

    [Fact]
    public async Task InvokeAsync_SeveralViolations_ReportsEachOnItsOwnLine()
    {
        var result = await Call("""{"timeout_s":1000}""");

        result.Text.ShouldBe("Invalid arguments for sample:\n- argument 'path' is required\n- 'timeout_s' must be at most 600");
    }

    [Fact]
    public async Task InvokeAsync_ArgumentsNotAnObject_SaysSo()
    {
        var result = await Call("""["a"]""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("arguments must be a JSON object");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"a.txt\"")]
    public async Task InvokeAsync_ArgumentsNotAnObject_SayIt(string json)
    {
        var result = await Call(json);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("arguments must be a JSON object");
        _tool.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task InvokeAsync_EmptyArguments_AreAnEmptyObject()
    {
        var result = await Call("");

        result.Text.ShouldBe("Invalid arguments for sample:\n- argument 'path' is required");
    }

    [Fact]
    public async Task InvokeAsync_MalformedJson_IsAnErrorResult()
    {
        var result = await Call("""{"path": "a" """);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith("The arguments for sample are not valid JSON");
    }

    [Fact]
    public async Task InvokeAsync_UnknownTool_ListsAvailableTools()
    {
        var result = await Call("{}", name: "delete_everything");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("Unknown tool 'delete_everything'. Available tools: sample.");
    }

    [Fact]
    public async Task InvokeAsync_HandlerRefuses_ReturnsTheMessage()
    {
        var result = await Call("""{"path":"refuse"}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("refused on purpose");
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrows_BecomesErrorResult()
    {
        var crash = await Call("""{"path":"crash"}""");
        var io = await Call("""{"path":"io"}""");

        crash.IsError.ShouldBeTrue();
        crash.Text.ShouldBe("sample failed unexpectedly (InvalidOperationException): the handler has a bug");
        io.Text.ShouldBe("sample failed: disk on fire");
    }

    [Fact]
    public async Task InvokeAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(
            () => _tools.InvokeAsync(new ToolCall("sample", """{"path":"cancel"}"""), _context, cts.Token));
    }

    [Fact]
    public async Task InvokeAsync_LongOutput_IsCappedKeepingHeadAndTail()
    {
        var result = await Call("""{"path":"long"}""");

        result.Text.Length.ShouldBeLessThanOrEqualTo(2000);
        result.Text.ShouldStartWith("line 0\nline 1\n");
        result.Text.ShouldEndWith("line 4998\nline 4999\n");
        result.Text.ShouldMatch(@"\[\.\.\. [\d,]+ characters \([\d,]+ lines\) cut from the middle \.\.\.\]");
    }

    [Fact]
    public async Task InvokeAsync_Always_MeasuresDurationWithTheContextClock()
    {
        var result = await Call("""{"path":"tick"}""");

        result.Duration.ShouldBe(TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public void Constructor_DuplicateNames_Throws()
    {
        Should.Throw<ArgumentException>(() => new ToolSet([new SampleTool(), new SampleTool()]))
            .Message.ShouldContain("'sample'");
    }
}
