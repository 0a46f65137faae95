using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Tests.Contract;

/// <summary>Echoes its arguments, or fails in the way the test asks for.</summary>
internal sealed class SampleTool() : Tool<SampleArguments>("sample", "Echoes its arguments.")
{
    public int Calls { get; private set; }

    protected override Task<ToolResult> HandleAsync(SampleArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        Calls++;
        return arguments.Path switch
        {
            "refuse" => throw new ToolRefusedException("refused on purpose"),
            "crash" => throw new InvalidOperationException("the handler has a bug"),
            "cancel" => throw new OperationCanceledException(cancellationToken),
            "io" => throw new IOException("disk on fire"),
            "long" => Task.FromResult(ToolResult.Success(string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}\n")))),
            "tick" when context.Time is Leviathan.Testing.FakeTimeProvider clock => Tick(clock),
            _ => Task.FromResult(ToolResult.Success($"{arguments.Path} {arguments.TimeoutS} {arguments.Mode} {arguments.KeepGoing}")),
        };
    }

    private static Task<ToolResult> Tick(Leviathan.Testing.FakeTimeProvider clock)
    {
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        return Task.FromResult(ToolResult.Success("ticked"));
    }
}
