using Leviathan.Cli;
using Leviathan.Cli.Hosting;
using System.Text.RegularExpressions;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;

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
        using var stderr = new WatchedWriter();
        return await RunAsync(args, stderr, cancellationToken);
    }

    /// <summary>Runs the command with <paramref name="stderr"/> as its error output, which the test may watch meanwhile.</summary>
    public async Task<CliResult> RunAsync(string[] args, WatchedWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        using var stdout = new StringWriter();
        var environment = new CliEnvironment(stdout, stderr, Time, Variables, Ansi: false, _temp.Path);
        var code = await CliApp.RunAsync(args, environment, cancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Points the command's default model profile at <paramref name="server"/> (model name <c>fake-model</c>).</summary>
    public void UseModel(FakeOpenAiServer server)
    {
        Variables["LEVIATHAN_MODEL_BASE_URL"] = server.BaseUrl.ToString();
        Variables["LEVIATHAN_MODEL_NAME"] = "fake-model";
    }

    /// <summary>Starts a fake model server and points the command at it.</summary>
    public async Task<FakeOpenAiServer> StartModelServerAsync()
    {
        var server = await FakeOpenAiServer.StartAsync();
        UseModel(server);
        return server;
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>What one invocation printed and returned.</summary>
public sealed partial record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The id of the run the command started, from its <c>run: &lt;id&gt;</c> line on stderr.</summary>
    public string RunId()
    {
        var id = RunLine().Match(Stderr).Groups[1].Value;
        id.ShouldNotBeEmpty(Stderr);
        return id;
    }

    [GeneratedRegex(@"run:\s+([0-9a-f-]{36})")]
    private static partial Regex RunLine();
}
