namespace Leviathan.Cli.Tests;

public sealed class WorkspaceCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly string _ws;

    public WorkspaceCommandTests()
    {
        _ws = Path.Combine(_cli.Scratch, "ws");
        Directory.CreateDirectory(_ws);
        File.WriteAllText(Path.Combine(_ws, "app.txt"), "version 1\n");
    }

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Exec(string script) =>
        _cli.RunAsync("sandbox", "exec", "--workspace", _ws, "--snapshot", "--", "sh", "-c", script);

    [Fact]
    public async Task DiffAndRollback_UndoTheStepsOfARun()
    {
        (await Exec("echo 'version 2' > app.txt")).ExitCode.ShouldBe(0);
        (await Exec("echo new > added.txt")).ExitCode.ShouldBe(0);

        var snapshots = await _cli.RunAsync("workspace", "snapshots", _ws);
        var step1 = await _cli.RunAsync("workspace", "diff", _ws, "--step", "1");
        var all = await _cli.RunAsync("workspace", "diff", _ws);
        var rollback = await _cli.RunAsync("workspace", "rollback", _ws, "--step", "1");

        snapshots.ExitCode.ShouldBe(0);
        snapshots.Stdout.ShouldContain("1  2026-01-01 00:00:00Z  sandbox exec sh -c 'echo '\\''version 2'\\'' > app.txt'");
        step1.ExitCode.ShouldBe(0);
        step1.Stdout.ShouldContain("-version 1");
        step1.Stdout.ShouldContain("+version 2");
        step1.Stdout.ShouldNotContain("added.txt");
        all.Stdout.ShouldContain("added.txt");
        rollback.ExitCode.ShouldBe(0, rollback.Stderr);
        rollback.Stdout.ShouldContain("before step 1");
        rollback.Stdout.ShouldContain("--step 3");
        File.ReadAllText(Path.Combine(_ws, "app.txt")).ShouldBe("version 1\n");
        File.Exists(Path.Combine(_ws, "added.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task Diff_WithoutSnapshots_FailsSayingSo()
    {
        var result = await _cli.RunAsync("workspace", "diff", _ws);

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("has no snapshots");
    }

    [Fact]
    public async Task Rollback_UnknownStep_FailsNamingTheSteps()
    {
        (await Exec("true")).ExitCode.ShouldBe(0);

        var result = await _cli.RunAsync("workspace", "rollback", _ws, "--step", "7");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("There is no step 7: the snapshots are steps 1 to 1.");
        result.Stderr.ShouldContain("hint: 'leviathan workspace snapshots DIR' lists the steps");
    }

    [Fact]
    public async Task Rollback_WithoutStep_IsAUsageError()
    {
        var result = await _cli.RunAsync("workspace", "rollback", _ws);

        result.ExitCode.ShouldBe(2);
    }
}
