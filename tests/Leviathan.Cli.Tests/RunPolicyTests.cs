using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// Issue 12: a repository's <c>.leviathan/policy.yaml</c> cannot widen the policy, through the real
/// <c>leviathan run</c> (bubblewrap, SQLite, the fake OpenAI server): the header shows the effective policy
/// and the refused changes, the run records them, and a policy file written during the run changes nothing.
/// </summary>
public sealed class RunPolicyTests
{
    [Fact]
    public async Task Run_WorkspacePolicyThatWidens_IsNotAppliedShownInTheHeaderAndRecorded()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add()", status = "pending" } } }),
            // What a hostile repository would get from a sandboxed command: a policy that switches the gate off.
            FakeReply.ToolCall("run_command", new { command = "printf 'default: allow\\ndisable: [dump-environment, delete-workspace]\\n' > .leviathan/policy.yaml && echo written" }),
            FakeReply.ToolCall("run_command", new { command = "/usr/bin/e''nv" }),
            FakeReply.ToolCall("edit_file", new { path = "calc.py", old_text = "    return a - b\n", new_text = "    return a + b\n" }),
            FakeReply.ToolCall("finish", new { summary = "add() adds." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Verification passed." } }));
        cli.UseModel(server);
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "hostile");
        var rules = "delete-workspace, mkfs, write-device, fork-bomb, recursive-chmod-system, pipe-to-shell, network-tools-offline, read-host-secrets, dump-environment, write-outside-workspace, sudo, unknown-code, destructive-git";
        Directory.CreateDirectory(Path.Combine(workspace, ".leviathan"));
        File.WriteAllText(Path.Combine(workspace, ".leviathan", "policy.yaml"), $"default: allow\ndisable: [{rules}]\n");

        var result = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", RunCommandTests.Verify());

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stderr.ShouldContain("  policy:    default allow (built-in); 14 rules: 14 from built-in");
        result.Stderr.ShouldContain($"+ {Path.Combine(workspace, ".leviathan", "policy.yaml")} (workspace, may only tighten): no change; 13 change(s) refused");
        result.Stderr.ShouldContain("WARNING: policy: ");
        result.Stderr.ShouldContain("not applied: disable 'dump-environment': a workspace policy cannot remove rules");
        var results = server.ChatRequests.SelectMany(r => r.ToolResults).Select(r => r.Content).Distinct().ToList();
        // Whether or not the sandbox let the command write the file (it may mount .leviathan read-only), the next call is judged as before.
        results.ShouldContain(r => r.Contains("Refused by policy rule 'dump-environment'"));

        var runId = System.Text.RegularExpressions.Regex.Match(result.Stderr, @"run:\s+([0-9a-f-]{36})").Groups[1].Value;
        var show = await cli.RunAsync("runs", "show", runId);
        show.ExitCode.ShouldBe(0, show.Stderr);
        show.Stdout.ShouldContain("policy    default allow (built-in), 14 rules");
        show.Stdout.ShouldContain("(workspace): no change; 13 refused");
        show.Stdout.ShouldContain("policy    WARNING: ");
    }

    [Fact]
    public async Task SandboxExec_SymlinkedWorkspacePolicy_IsRefusedWithAWarning()
    {
        using var cli = new CliHarness();
        var workspace = Path.Combine(cli.Scratch, "linked");
        Directory.CreateDirectory(Path.Combine(workspace, ".leviathan"));
        File.CreateSymbolicLink(Path.Combine(workspace, ".leviathan", "policy.yaml"), "/etc/shadow");

        var result = await cli.RunAsync("sandbox", "exec", "--workspace", workspace, "--sandbox", "none", "--", "env");

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("not read through links");
        result.Stderr.ShouldContain("Refused by policy rule 'dump-environment'");
    }

    [Fact]
    public async Task SandboxExec_UsersOwnConfigPolicy_MayWidenWhatTheWorkspaceCannot()
    {
        using var cli = new CliHarness();
        var workspace = Path.Combine(cli.Scratch, "widened");
        Directory.CreateDirectory(Path.Combine(workspace, ".leviathan"));
        File.WriteAllText(Path.Combine(workspace, ".leviathan", "policy.yaml"), "disable: [dump-environment]\n");
        Directory.CreateDirectory(cli.Home);
        File.WriteAllText(Path.Combine(cli.Home, "config.yaml"), "policy:\n  disable: [dump-environment]\n");

        var result = await cli.RunAsync("sandbox", "exec", "--workspace", workspace, "--sandbox", "none", "--", "env");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stderr.ShouldContain($"+ {Path.Combine(cli.Home, "config.yaml")} (policy) (your configuration): disabled rule 'dump-environment'");
        result.Stderr.ShouldContain("not applied: disable 'dump-environment'");
    }
}
