namespace Leviathan.Cli.Hosting;

/// <summary>
/// An expected failure the CLI reports as one sentence plus a hint, with a fixed exit code.
/// </summary>
internal sealed class CliException(string message, string? hint = null, int exitCode = ExitCodes.Failed, Exception? inner = null)
    : Exception(message, inner)
{
    public string? Hint { get; } = hint;

    public int ExitCode { get; } = exitCode;

    /// <summary>A usage or configuration error (exit 2).</summary>
    public static CliException Usage(string message, string? hint = null) => new(message, hint, ExitCodes.Usage);

    /// <summary>The operation failed (exit 1).</summary>
    public static CliException Failed(string message, string? hint = null, Exception? inner = null) =>
        new(message, hint, ExitCodes.Failed, inner);
}
