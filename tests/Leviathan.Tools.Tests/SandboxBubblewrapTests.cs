using System.Net;
using System.Net.Sockets;
using Leviathan.Testing;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

public sealed class SandboxBubblewrapTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();
    private readonly ISandbox _sandbox = SandboxFactory.Create(new SandboxOptions());

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RunAsync_WriteInsideWorkspace_ReachesTheHost()
    {
        var result = await _sandbox.RunAsync(_ws.Shell("echo made-inside > inside.txt && echo done"), CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe("done\n");
        File.ReadAllText(Path.Combine(_ws.Workspace, "inside.txt")).ShouldBe("made-inside\n");
        result.Kind.ShouldBe(SandboxKind.Bubblewrap);
    }

    [Fact]
    public async Task RunAsync_WriteToAbsolutePathOutside_IsRefusedAndHostUnchanged()
    {
        var target = Path.Combine(_ws.Outside, "absolute.txt");

        var result = await _sandbox.RunAsync(_ws.Shell($"echo pwned > '{target}'"), CancellationToken.None);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("Read-only file system");
        File.Exists(target).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_WriteThroughDotDot_IsRefusedAndHostUnchanged()
    {
        var result = await _sandbox.RunAsync(_ws.Shell("echo pwned > ../outside/dotdot.txt"), CancellationToken.None);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("Read-only file system");
        File.Exists(Path.Combine(_ws.Outside, "dotdot.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_WriteThroughSymlinkPointingOutside_IsRefusedAndHostUnchanged()
    {
        File.CreateSymbolicLink(Path.Combine(_ws.Workspace, "escape"), _ws.Outside);

        var result = await _sandbox.RunAsync(_ws.Shell("echo pwned > escape/symlink.txt"), CancellationToken.None);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("Read-only file system");
        File.Exists(Path.Combine(_ws.Outside, "symlink.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_HiddenFolderHoldingTheWorkspace_IsReadOnlyBesideIt()
    {
        // The workspace's parent is hidden (an evaluation's output folder holds every attempt's workspace).
        File.WriteAllText(Path.Combine(_ws.Root, "secret.txt"), "host secret\n");
        var sandbox = SandboxFactory.Create(new SandboxOptions { HiddenPaths = [_ws.Root] });

        var result = await sandbox.RunAsync(_ws.Shell($"ls -A '{_ws.Root}'; echo pwned > '{Path.Combine(_ws.Root, "beside.txt")}'; echo ok > inside.txt"), CancellationToken.None);

        result.Stdout.ShouldBe("ws\n");
        result.Stderr.ShouldContain("Read-only file system");
        File.Exists(Path.Combine(_ws.Root, "beside.txt")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(_ws.Workspace, "inside.txt")).ShouldBe("ok\n");
    }

    [Fact]
    public async Task RunAsync_HiddenFolderAwayFromTheWorkspace_ShowsNothingAndKeepsNothingWrittenThere()
    {
        File.WriteAllText(Path.Combine(_ws.Outside, "secret.txt"), "host secret\n");
        var sandbox = SandboxFactory.Create(new SandboxOptions { HiddenPaths = [_ws.Outside] });

        var result = await sandbox.RunAsync(
            _ws.Shell($"ls -A '{_ws.Outside}'; cat '{Path.Combine(_ws.Outside, "secret.txt")}'; echo planted > '{Path.Combine(_ws.Outside, "planted.txt")}'; echo done"),
            CancellationToken.None);

        result.Stdout.ShouldBe("done\n");
        result.Stdout.ShouldNotContain("host secret");
        File.ReadAllText(Path.Combine(_ws.Outside, "secret.txt")).ShouldBe("host secret\n");
        File.Exists(Path.Combine(_ws.Outside, "planted.txt")).ShouldBeFalse();
        (await sandbox.RunAsync(_ws.Shell($"ls -A '{_ws.Outside}'"), CancellationToken.None)).Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_WriteToSystemPath_IsRefused()
    {
        var result = await _sandbox.RunAsync(_ws.Shell("touch /etc/leviathan-sandbox-escape"), CancellationToken.None);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("Read-only file system");
        File.Exists("/etc/leviathan-sandbox-escape").ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_NetworkOff_CannotReachServerOnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await _sandbox.RunAsync(
            new SandboxRequest(_ws.Workspace, ["bash", "-c", $"echo hello > /dev/tcp/127.0.0.1/{port}"]),
            CancellationToken.None);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("Connection refused");
        listener.Pending().ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_NetworkGranted_ReachesServerOnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = listener.AcceptTcpClientAsync();

        var result = await _sandbox.RunAsync(
            new SandboxRequest(_ws.Workspace, ["bash", "-c", $"echo hello > /dev/tcp/127.0.0.1/{port}"]) { Network = true },
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        using var client = await accept;
        using var reader = new StreamReader(client.GetStream());
        (await reader.ReadLineAsync()).ShouldBe("hello");
    }

    [Fact]
    public async Task RunAsync_ForkBomb_IsHeldAtTheProcessLimitAndReported()
    {
        var limits = new SandboxLimits { MaxProcesses = 64 };

        var result = await _sandbox.RunAsync(
            new SandboxRequest(_ws.Workspace, ["bash", "-c", ":(){ :|:& };:; sleep 1"]) { Limits = limits, Timeout = TimeSpan.FromSeconds(30) },
            CancellationToken.None);

        result.LimitsHit.HasFlag(SandboxLimitHit.Processes).ShouldBeTrue(result.LimitsHit.ToString());
        result.Notices.ShouldContain(n => n.Contains("process limit of 64", StringComparison.Ordinal));
        result.TimedOut.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_AllocatingTwoGigabytesUnder256Megabytes_IsKilledAndReported()
    {
        var limits = new SandboxLimits { MemoryBytes = 256L << 20 };

        var result = await _sandbox.RunAsync(
            new SandboxRequest(_ws.Workspace, ["perl", "-e", "my $x = 'a' x (2 * 1024 ** 3); print qq(allocated\\n);"]) { Limits = limits },
            CancellationToken.None);

        result.ExitCode.ShouldBe(137);
        result.Stdout.ShouldNotContain("allocated");
        result.LimitsHit.HasFlag(SandboxLimitHit.Memory).ShouldBeTrue(result.LimitsHit.ToString());
        result.Notices.ShouldContain(n => n.Contains("out of memory; the limit is 256 MB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_EndlessLoopPastTimeout_IsKilledWithExit124()
    {
        var marker = Random.Shared.Next(100_000, 999_999) + 1_000_000;

        var result = await _sandbox.RunAsync(
            _ws.Shell($"sleep {marker} & while :; do :; done", timeout: TimeSpan.FromSeconds(1)),
            CancellationToken.None);

        result.ExitCode.ShouldBe(124);
        result.TimedOut.ShouldBeTrue();
        result.Notices.ShouldContain(n => n.Contains("timeout", StringComparison.Ordinal));
        HostProcesses.WithArgument(marker.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_GigabyteOfOutput_IsDrainedAndCapped()
    {
        var limits = new SandboxLimits { MaxOutputBytes = 64 * 1024 };

        var result = await _sandbox.RunAsync(
            _ws.Shell("head -c 1073741824 /dev/zero; echo; echo the-end", limits: limits),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.StdoutBytes.ShouldBe(1073741824L + 1 + "the-end\n".Length);
        result.Stdout.Length.ShouldBeLessThan(70 * 1024);
        result.Stdout.ShouldStartWith("\0\0\0\0");
        result.Stdout.ShouldEndWith("the-end\n");
        result.Stdout.ShouldContain("bytes of output dropped");
        result.LimitsHit.HasFlag(SandboxLimitHit.Output).ShouldBeTrue(result.LimitsHit.ToString());
    }

    [Fact]
    public async Task RunAsync_BackgroundProcessesLeftRunning_DoNotSurviveTheCommand()
    {
        var marker = Random.Shared.Next(100_000, 999_999) + 2_000_000;

        var result = await _sandbox.RunAsync(
            _ws.Shell($"sleep {marker} & setsid sleep {marker + 1} & nohup sleep {marker + 2} >/dev/null 2>&1 & echo started"),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe("started\n");
        HostProcesses.WithArgument(marker.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeEmpty();
        HostProcesses.WithArgument((marker + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeEmpty();
        HostProcesses.WithArgument((marker + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ReadingHostEnvironment_SeesOnlyTheAllowList()
    {
        var host = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin:/bin",
            ["AWS_SECRET_ACCESS_KEY"] = "host-secret-4711",
            ["OPENAI_API_KEY"] = "sk-host-secret-4712",
        };
        var sandbox = SandboxFactory.Create(new SandboxOptions { HostEnvironment = host });

        var result = await sandbox.RunAsync(
            _ws.Shell("env; cat /proc/1/environ | tr '\\0' '\\n'; ls /proc | grep -c '^[0-9]'"),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("PATH=/usr/bin:/bin");
        result.Stdout.ShouldContain("HOME=/tmp");
        result.Stdout.ShouldNotContain("host-secret-4711");
        result.Stdout.ShouldNotContain("sk-host-secret-4712");
    }

    [Fact]
    public async Task RunAsync_HostSecrets_AreHidden()
    {
        var result = await _sandbox.RunAsync(
            _ws.Shell("echo root:[$(ls -A /root)] home:[$(ls -A /home)] shadow:[$(cat /etc/shadow)] pids:$(ls /proc | grep -c '^[0-9]')"),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldStartWith("root:[] home:[] shadow:[] pids:");
        int.Parse(result.Stdout.Trim().Split("pids:")[1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(10);
    }

    [Fact]
    public async Task RunAsync_CpuTimeLimit_KillsBusyProcess()
    {
        var result = await _sandbox.RunAsync(
            new SandboxRequest(_ws.Workspace, ["perl", "-e", "1 while 1"]) { Limits = new SandboxLimits { CpuSeconds = 1 }, Timeout = TimeSpan.FromSeconds(30) },
            CancellationToken.None);

        result.ExitCode.ShouldBe(128 + 24);
        result.LimitsHit.HasFlag(SandboxLimitHit.CpuTime).ShouldBeTrue(result.LimitsHit.ToString());
        result.TimedOut.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_FileSizeLimit_StopsLargeFile()
    {
        var result = await _sandbox.RunAsync(
            new SandboxRequest(_ws.Workspace, ["perl", "-e", "open my $f, '>', 'big.bin' or die; print $f 'x' x 4096 for 1 .. 1024;"])
            {
                Limits = new SandboxLimits { MaxFileBytes = 1 << 20 },
            },
            CancellationToken.None);

        result.ExitCode.ShouldBe(128 + 25);
        result.LimitsHit.HasFlag(SandboxLimitHit.FileSize).ShouldBeTrue(result.LimitsHit.ToString());
        new FileInfo(Path.Combine(_ws.Workspace, "big.bin")).Length.ShouldBeLessThanOrEqualTo(1 << 20);
    }

    [Fact]
    public async Task RunAsync_CommandExitStatus_IsPassedThrough()
    {
        var result = await _sandbox.RunAsync(_ws.Shell("echo to-stderr >&2; exit 7"), CancellationToken.None);

        result.ExitCode.ShouldBe(7);
        result.Stderr.ShouldBe("to-stderr\n");
        result.Notices.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_CommandReadingStdin_GetsEndOfFileInsteadOfHanging()
    {
        var result = await _sandbox.RunAsync(_ws.Shell("cat; echo after-cat", timeout: TimeSpan.FromSeconds(20)), CancellationToken.None);

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldBe("after-cat\n");
        result.TimedOut.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheCommandAndThrows()
    {
        var marker = Random.Shared.Next(100_000, 999_999) + 4_000_000;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Should.ThrowAsync<OperationCanceledException>(
            () => _sandbox.RunAsync(_ws.Shell($"sleep {marker}", timeout: TimeSpan.FromSeconds(60)), cancellation.Token));

        HostProcesses.WithArgument(marker.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_WorkspaceIsRoot_IsRefused()
    {
        var ex = await Should.ThrowAsync<ArgumentException>(() => _sandbox.RunAsync(new SandboxRequest("/", ["true"]), CancellationToken.None));

        ex.Message.ShouldContain("cannot be the root directory");
    }

    [Fact]
    public void Create_BwrapMissing_FailsWithInstallCommand()
    {
        var ex = Should.Throw<SandboxUnavailableException>(
            () => SandboxFactory.Create(new SandboxOptions { BwrapProgram = "/nonexistent/bwrap" }));

        ex.Message.ShouldContain("not installed");
        ex.Hint.ShouldBe("sudo apt-get install -y bubblewrap");
    }
}
