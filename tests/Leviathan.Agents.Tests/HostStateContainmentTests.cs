using Leviathan.Core.Runs;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Agents.Tests;

/// <summary>
/// A whole run against a workspace that tries to make the host write or run something: Leviathan's own state is
/// kept under the home, and nothing it writes lands in the workspace or through a link the workspace planted.
/// </summary>
public sealed class HostStateContainmentTests
{
    [Fact]
    public async Task Run_SandboxedCommandLinksTodoFileToHostFile_HostFileUntouched()
    {
        await using var team = await TeamHarness.StartAsync();
        Directory.CreateDirectory(team.Outside);
        var hostFile = Path.Combine(team.Outside, "authorized_keys");
        File.WriteAllText(hostFile, "ssh-ed25519 AAAA the-users-key\n");
        team.Server.Enqueue([
            .. TeamHarness.Plan(),
            // What the issue reproduced: a command in the sandbox points .leviathan/todo.md at a host file, then todo_write.
            FakeReply.ToolCall("write_file", new { path = "link.sh", content = $"mkdir -p .leviathan && ln -sf '{hostFile}' .leviathan/todo.md\n" }),
            FakeReply.ToolCall("run_command", new { command = "sh link.sh" }),
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "ssh-ed25519 AAAA the-attackers-key", status = "in_progress" } } }),
            TeamHarness.WriteFixed(),
            TeamHarness.Finish(),
            TeamHarness.Accept(),
        ]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        File.ResolveLinkTarget(Path.Combine(team.Workspace, ".leviathan", "todo.md"), returnFinalTarget: false).ShouldNotBeNull("the sandboxed command planted the link");
        File.ReadAllText(hostFile).ShouldBe("ssh-ed25519 AAAA the-users-key\n");
        File.ReadAllText(team.State.TodoFile).ShouldContain("the-attackers-key");
    }

    [Fact]
    public async Task Run_LeviathanFolderLinkedOutside_NothingAppearsThere()
    {
        await using var team = await TeamHarness.StartAsync();
        Directory.CreateDirectory(team.Outside);
        File.CreateSymbolicLink(Path.Combine(team.Workspace, ".leviathan"), team.Outside);
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        Directory.EnumerateFileSystemEntries(team.Outside).ShouldBeEmpty();
        Directory.Exists(team.State.SnapshotRepository).ShouldBeTrue();
    }

    [Fact]
    public async Task Run_WorkspaceShipsArmedSnapshotRepository_NothingRunsAndItIsNeverUsed()
    {
        await using var team = await TeamHarness.StartAsync();
        Directory.CreateDirectory(team.Outside);
        var marker = Path.Combine(team.Outside, "marker");
        var script = HostileGit.Script(Path.Combine(team.Workspace, "evil.sh"), marker);
        var legacy = Path.Combine(team.Workspace, ".leviathan", "snapshots.git");
        HostileGit.Run(null, "init", "-q", "--bare", legacy);
        HostileGit.Arm(legacy, script);
        HostileGit.Attributes(team.Workspace);
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        File.Exists(marker).ShouldBeFalse(File.Exists(marker) ? File.ReadAllText(marker) : null);
        HostileGit.Refs(legacy).ShouldBeEmpty();
        outcome.FilesChanged.ShouldBe(["calc.py"]);
    }

    [Fact]
    public async Task Run_UsersGitStatus_ShowsOnlyTheAgentsChange()
    {
        await using var team = await TeamHarness.StartAsync();
        HostileGit.Run(team.Workspace, "init", "-q");
        HostileGit.Run(team.Workspace, "add", "--all");
        HostileGit.Run(team.Workspace, "commit", "-qm", "the user's project");
        var head = HostileGit.Run(team.Workspace, "rev-parse", "HEAD");
        var config = File.ReadAllText(Path.Combine(team.Workspace, ".git", "config"));
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        HostileGit.Run(team.Workspace, "status", "--porcelain", "--ignored", "--untracked-files=all").ShouldBe(" M calc.py\n");
        HostileGit.Run(team.Workspace, "rev-parse", "HEAD").ShouldBe(head);
        HostileGit.Run(team.Workspace, "stash", "list").ShouldBeEmpty();
        File.ReadAllText(Path.Combine(team.Workspace, ".git", "config")).ShouldBe(config);
        Directory.Exists(Path.Combine(team.Workspace, ".leviathan")).ShouldBeFalse();
    }
}
