using Leviathan.Cli;
using Leviathan.Cli.Hosting;
using Leviathan.Testing;

namespace Leviathan.Cli.Tests;

/// <summary>Runs the <c>leviathan</c> command in-process with its own home folder and environment.</summary>
public sealed class CliHarness : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-cli");

    public CliHarness()
    {
        Home = _temp.Combine("home");
        Variables["HOME"] = _temp.Path;
        Variables["LEVIATHAN_HOME"] = Home;
    }

    /// <summary>The home folder passed through LEVIATHAN_HOME.</summary>
    public string Home { get; }

    /// <summary>A scratch folder for the test's own files.</summary>
    public string Scratch => _temp.Path;

    /// <summary>The environment the command sees (the process environment is not inherited).</summary>
    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal)
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
    };

    public FakeTimeProvider Time { get; } = new();

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(stdout, stderr, Time, Variables, Ansi: false, _temp.Path);
        var code = await CliApp.RunAsync(args, environment, cancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>What one invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
