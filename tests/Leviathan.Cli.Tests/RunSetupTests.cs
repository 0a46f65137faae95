using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary><c>leviathan run --setup</c>: a command with the network before the agents, in the real sandbox, against the fake model server.</summary>
public sealed class RunSetupTests
{
    [Fact]
    public async Task Run_SetupFails_EndsErrorWithTheReasonBeforeAnyModelCall()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        cli.UseModel(server);
        var workspace = CopyExample(cli.Scratch, "setup-fails");

        var result = await cli.RunAsync("run", Goal(), "--workspace", workspace, "--verify", Verify(), "--setup", "echo resolving packages; exit 3");

        result.ExitCode.ShouldBe(1, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("error");
        result.Stdout.ShouldContain("the setup command failed with exit code 3");
        result.Stdout.ShouldContain("resolving packages");
        server.ChatRequests.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Run_SetupWithTheNetwork_RunsFirstThenTheTeamSucceeds()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(RunCommandTests.ExampleScript());
        cli.UseModel(server);
        var workspace = CopyExample(cli.Scratch, "setup-ok");

        // More than the loopback device in /proc/net/dev: the setup has the host's network.
        var result = await cli.RunAsync(
            "run", Goal(), "--workspace", workspace, "--verify", Verify(),
            "--setup", "test $(grep -c : /proc/net/dev) -gt 1 && echo networked > setup-done.txt", "--setup-timeout", "2");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        File.ReadAllText(Path.Combine(workspace, "setup-done.txt")).ShouldBe("networked\n");
        result.Stderr.ShouldContain("setup with the network: test $(grep");
        result.Stderr.ShouldContain("network:   off");
    }

    private static string Goal() => RunCommandTests.Goal();

    private static string Verify() => RunCommandTests.Verify();

    private static string CopyExample(string scratch, string name) => RunCommandTests.CopyExample(scratch, name);
}
