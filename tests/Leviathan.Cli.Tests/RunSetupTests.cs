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
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = server.BaseUrl.ToString();
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "fake-model";
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
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = server.BaseUrl.ToString();
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "fake-model";
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

    private static string Example => Path.Combine(RepositoryRoot(), "examples", "agent-task");

    private static string Goal() => File.ReadAllText(Path.Combine(Example, "goal.txt")).Trim();

    private static string Verify() => File.ReadAllText(Path.Combine(Example, "verify.txt")).Trim();

    private static string CopyExample(string scratch, string name)
    {
        var target = Path.Combine(scratch, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(Example, "project")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Leviathan.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Leviathan.sln) was not found above " + AppContext.BaseDirectory);
    }
}
