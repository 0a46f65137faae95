using System.Diagnostics;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;

namespace Leviathan.Cli.Tests;

/// <summary>Messages that used to mislead: each names what is wrong, with the right exit code (2 usage, 1 failure).</summary>
public sealed class RobustnessCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly List<string> _cleanups = [];

    public void Dispose()
    {
        // Pooled SQLite handles keep files open, which would make the tmpfs busy.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var command in _cleanups)
        {
            Shell(command);
        }

        _cli.Dispose();
    }

    private static int Shell(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private string Database => Path.Combine(_cli.Home, "leviathan.db");

    private async Task<Guid> SeedAsync(RunOwner? owner = null)
    {
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = _cli.Home }, TimeProvider.System);
        var run = await store.CreateRunAsync(new RunSpec("fix the parser", "software", "default", _cli.Scratch, RunBudget.Unlimited));
        if (owner is not null)
        {
            await store.MarkRunningAsync(run.Id, owner);
        }

        return run.Id;
    }

    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var pid = process.Id;
        process.Kill();
        await process.WaitForExitAsync();
        return pid;
    }

    [Fact]
    public async Task RunsList_FolderNamedLeviathanDbInTheHome_SaysItIsAFolder()
    {
        Directory.CreateDirectory(Database);

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain($"error: {Database} is a folder, not a database file");
        result.Stderr.ShouldNotContain("disk I/O error");
    }

    [Fact]
    public async Task Run_ReadOnlyDatabase_SaysReadOnlyBeforeWritingAndReadsStillWork()
    {
        await SeedAsync();
        if (Environment.UserName == "root")
        {
            // Root ignores file modes; an immutable file is read-only even for root.
            Shell($"chattr +i '{Database}'").ShouldBe(0, "chattr +i needs a file system with attributes (ext4) under /tmp");
            _cleanups.Insert(0, $"chattr -i '{Database}'");
        }
        else
        {
            File.SetUnixFileMode(Database, UnixFileMode.UserRead);
        }

        var workspace = Path.Combine(_cli.Scratch, "ws");
        Directory.CreateDirectory(workspace);
        var cassette = Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "agent-task", "cassette.jsonl");

        var run = await _cli.RunAsync("run", "fix it", "--workspace", workspace, "--no-verify", "--replay-cassette", cassette, "--sandbox", "none");

        run.ExitCode.ShouldBe(1, run.Stderr);
        run.Stderr.ShouldContain($"error: the database file {Database} is read-only (");
        run.Stderr.ShouldContain("hint: make it writable");
        (await _cli.RunAsync("runs", "list")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task RunsList_HomeOnAFullDisk_SaysTheDiskIsFull()
    {
        var mount = Path.Combine(_cli.Scratch, "full");
        Directory.CreateDirectory(mount);
        Shell($"mount -t tmpfs -o size=64k tmpfs '{mount}'").ShouldBe(0, "the test mounts a 64 KB tmpfs (root, as in CI)");
        _cleanups.Insert(0, $"umount '{mount}' || umount -l '{mount}'");
        Directory.CreateDirectory(Path.Combine(mount, "home"));
        await Should.ThrowAsync<IOException>(() => File.WriteAllBytesAsync(Path.Combine(mount, "filler"), new byte[1024 * 1024]));
        _cli.Variables["LEVIATHAN_HOME"] = Path.Combine(mount, "home");

        var result = await _cli.RunAsync("runs", "list");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain($"error: the disk holding {Path.Combine(mount, "home", "leviathan.db")} is full");
        result.Stderr.ShouldContain("hint: free space on that disk");
    }

    [Theory]
    [InlineData("show")]
    [InlineData("export")]
    [InlineData("resume")]
    public async Task Runs_RunIdOf100000Characters_UsageErrorNamingItsLength(string command)
    {
        var id = new string('a', 100_000);
        string[] args = command == "export" ? ["runs", command, id, "--out", Path.Combine(_cli.Scratch, "x.jsonl")] : ["runs", command, id];

        var result = await _cli.RunAsync(args);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("error: 'aaaaaaaaaaaa…' (100,000 characters) is not a run id: ids are 36 characters");
        result.Stderr.Length.ShouldBeLessThan(1000);
    }

    [Fact]
    public async Task EditApply_EditFileOverTheCap_RefusedNamingItsSizeAndTheCap()
    {
        var root = Path.Combine(_cli.Scratch, "root");
        Directory.CreateDirectory(root);
        var edit = Path.Combine(_cli.Scratch, "huge.diff");
        using (var file = File.Create(edit))
        {
            file.SetLength(5 * 1024 * 1024);
        }

        var result = await _cli.RunAsync("edit", "apply", "--root", root, edit);

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain($"error: the edit file {edit} is 5,242,880 bytes, more than the 4,194,304 bytes (4 MB) one edit may be");
        Directory.EnumerateFileSystemEntries(root).ShouldBeEmpty();
    }

    [Fact]
    public async Task SandboxExec_EmptyProgram_ExitsTwo()
    {
        var result = await _cli.RunAsync("sandbox", "exec", "--workspace", _cli.Scratch, "--", "");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("error: the program to run is empty");
    }

    [Fact]
    public async Task RunsExport_OutUnderAMissingFolder_UsageErrorUnlessCreateDirs()
    {
        var run = await SeedAsync();
        var target = Path.Combine(_cli.Scratch, "missing", "deeper", "run.jsonl");

        var refused = await _cli.RunAsync("runs", "export", run.ToString(), "--out", target);

        refused.ExitCode.ShouldBe(2);
        refused.Stderr.ShouldContain($"error: the folder {Path.GetDirectoryName(target)} of --out does not exist");
        refused.Stderr.ShouldContain("--create-dirs");
        Directory.Exists(Path.Combine(_cli.Scratch, "missing")).ShouldBeFalse();

        var created = await _cli.RunAsync("runs", "export", run.ToString(), "--out", target, "--create-dirs");

        created.ExitCode.ShouldBe(0, created.Stderr);
        File.ReadAllLines(target).Length.ShouldBe(1);
    }

    [Fact]
    public async Task RunsExport_CreateDirsAtTheFileSystemRoot_Refused()
    {
        var run = await SeedAsync();
        var top = $"/leviathan-robustness-{Guid.NewGuid():N}";

        var result = await _cli.RunAsync("runs", "export", run.ToString(), "--out", $"{top}/sub/run.jsonl", "--create-dirs");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain($"error: --create-dirs does not create folders at the file-system root ({top}, for --out)");
        Directory.Exists(top).ShouldBeFalse();
    }

    [Theory]
    [InlineData("leviathan.db", "the database file")]
    [InlineData("leviathan.db-wal", "the database's write-ahead log")]
    [InlineData("blobs/run.jsonl", "inside the blob folder")]
    public async Task RunsExport_OutOnTheStoresOwnFiles_RefusedAndTheStoreKept(string name, string what)
    {
        var run = await SeedAsync();
        Directory.CreateDirectory(Path.Combine(_cli.Home, "blobs"));
        var before = await File.ReadAllBytesAsync(Database);
        var target = Path.Combine(_cli.Home, name);

        var result = await _cli.RunAsync("runs", "export", run.ToString(), "--out", target);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain($"error: --out {target} is {what} of the trace store");
        (await File.ReadAllBytesAsync(Database)).ShouldBe(before);
        (await _cli.RunAsync("runs", "show", run.ToString())).ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("--budget-tokens", "-1", "--budget-tokens must be a whole number of tokens, at least 1, not -1")]
    [InlineData("--budget-tokens", "0", "--budget-tokens must be a whole number of tokens, at least 1, not 0")]
    [InlineData("--budget-usd", "-1", "--budget-usd must be an amount of US dollars greater than 0, not -1")]
    [InlineData("--max-steps", "0", "--max-steps must be a whole number of model turns, at least 1, not 0")]
    [InlineData("--max-steps", "-1", "--max-steps must be a whole number of model turns, at least 1, not -1")]
    [InlineData("--max-minutes", "-1", "--max-minutes must be a number of minutes greater than 0, not -1")]
    public async Task Run_NegativeOrZeroBudget_UsageErrorNamingTheOption(string option, string value, string message)
    {
        var result = await _cli.RunAsync("run", "fix it", "--workspace", _cli.Scratch, option, value);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain($"error: {message}");
        File.Exists(Database).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t")]
    public async Task Run_EmptyGoal_UsageError(string goal)
    {
        var result = await _cli.RunAsync("run", goal, "--workspace", _cli.Scratch);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("error: the goal is empty");
    }

    [Fact]
    public async Task SimRun_RateZero_UsageError()
    {
        var model = Path.Combine(_cli.Scratch, "box.xml");
        File.WriteAllText(model, MjcfSamples.FallingBox);

        var result = await _cli.RunAsync("sim", "run", model, "--seconds", "1", "--rate", "0");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("error: --rate must be a number of samples per simulated second greater than 0, not 0");
    }

    [Fact]
    public async Task SimRun_RecordUnderAMissingFolder_UsageError()
    {
        var model = Path.Combine(_cli.Scratch, "box.xml");
        File.WriteAllText(model, MjcfSamples.FallingBox);

        var result = await _cli.RunAsync("sim", "run", model, "--seconds", "1", "--record", Path.Combine(_cli.Scratch, "nope", "t.jsonl"));

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain($"error: the folder {Path.Combine(_cli.Scratch, "nope")} of --record does not exist");
    }

    [Fact]
    public async Task Runs_RunWhoseProcessDied_ShownAsInterruptedAndListedByThatName()
    {
        var interrupted = await SeedAsync(new RunOwner(Environment.MachineName, await DeadProcessIdAsync(), "boot:1"));

        var table = await _cli.RunAsync("runs", "list");
        var show = await _cli.RunAsync("runs", "show", interrupted.ToString());
        var listed = await _cli.RunAsync("runs", "list", "--status", "interrupted", "--json");
        var running = await _cli.RunAsync("runs", "list", "--status", "running");

        table.Stdout.ShouldContain("interrupted");
        show.Stdout.ShouldContain($"status    interrupted — its process (");
        show.Stdout.ShouldContain($"continue it with: leviathan runs resume {interrupted}");
        var run = JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().ShouldHaveSingleItem();
        run.GetProperty("status").GetString().ShouldBe("running");
        run.GetProperty("interrupted").GetBoolean().ShouldBeTrue();
        running.Stdout.ShouldContain("no runs with status running");
    }

    [Fact]
    public async Task RunsResume_RunWhoseProcessIsAlive_Refused()
    {
        var alive = await SeedAsync(new RunOwner(Environment.MachineName, Environment.ProcessId, ProcessStartMark()));

        var result = await _cli.RunAsync("runs", "resume", alive.ToString());

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain($"error: run {alive} is still running (process {Environment.ProcessId} on {Environment.MachineName})");
    }

    // What the store records for this process (boot id and start time), read the same way.
    private static string ProcessStartMark()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return $"{File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim()}:{fields[19]}";
    }
}
