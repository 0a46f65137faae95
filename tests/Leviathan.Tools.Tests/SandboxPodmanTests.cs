using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

/// <summary>The podman backend; needs the image built by scripts/setup.d/50-podman-image.sh.</summary>
public sealed class SandboxPodmanTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();
    private readonly ISandbox _sandbox = SandboxFactory.Create(new SandboxOptions { Kind = SandboxKind.Podman });

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RunAsync_InImage_WritesWorkspaceOnlyWithoutNetwork()
    {
        var result = await _sandbox.RunAsync(
            _ws.Shell("echo from-container > made.txt; touch /etc/escape 2>&1; grep -c PRETTY_NAME /etc/os-release; cat /sys/class/net/*/operstate | wc -l"),
            CancellationToken.None);

        result.Kind.ShouldBe(SandboxKind.Podman);
        result.ExitCode.ShouldBe(0, result.Stderr);
        File.ReadAllText(Path.Combine(_ws.Workspace, "made.txt")).ShouldBe("from-container\n");
        result.Stdout.ShouldContain("Read-only file system");
        // Only the loopback interface exists without a network.
        result.Stdout.ShouldEndWith("1\n1\n");
    }

    [Fact]
    public async Task RunAsync_PastTimeout_RemovesTheContainerAndReturns124()
    {
        var result = await _sandbox.RunAsync(_ws.Shell("while :; do :; done", timeout: TimeSpan.FromSeconds(2)), CancellationToken.None);

        result.ExitCode.ShouldBe(124);
        result.TimedOut.ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_MissingImage_FailsWithTheBuildStep()
    {
        var request = _ws.Shell("true") with { Image = "localhost/leviathan-no-such-image:1" };

        var ex = await Should.ThrowAsync<SandboxUnavailableException>(() => _sandbox.RunAsync(request, CancellationToken.None));

        ex.Message.ShouldContain("localhost/leviathan-no-such-image:1");
        ex.Hint.ShouldContain("scripts/setup.d/50-podman-image.sh");
    }

    [Fact]
    public void Create_PodmanMissing_FailsWithInstallCommand()
    {
        var ex = Should.Throw<SandboxUnavailableException>(
            () => SandboxFactory.Create(new SandboxOptions { Kind = SandboxKind.Podman, PodmanProgram = "/nonexistent/podman" }));

        ex.Hint.ShouldBe("sudo apt-get install -y podman runc");
    }

    [Fact]
    public async Task RunAsync_SetuidAttemptsSysctlAndGit_AreContained()
    {
        const string sysctl = "/proc/sys/kernel/printk_ratelimit";
        var before = File.ReadAllText(sysctl).Trim();
        Directory.CreateDirectory(Path.Combine(_ws.Workspace, ".git"));
        File.WriteAllText(Path.Combine(_ws.Workspace, ".git", "config"), "[core]\n");
        var script = string.Join(
            "; ",
            "cp /bin/true a && chmod 4755 a",
            "chmod g+s a",
            "install -m 4755 /bin/true d",
            "python3 -c \"import os; os.close(os.open('g', os.O_CREAT | os.O_WRONLY, 0o6755))\" 2>/dev/null || perl -e 'sysopen(my $f, \"g\", 0101, 06755) or die \"open: $!\"'",
            "echo 9 > " + sysctl,
            "echo x >> .git/config",
            "echo made > made.txt",
            "grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status");
        try
        {
            var result = await _sandbox.RunAsync(_ws.Shell(script), CancellationToken.None);

            result.Stderr.ShouldContain("Operation not permitted");
            result.Stderr.ShouldContain("Read-only file system");
            result.Stdout.ShouldContain("CapEff:\t0000000000000000");
            result.Stdout.ShouldContain("NoNewPrivs:\t1");
            result.Stdout.ShouldContain("Seccomp:\t2");
            Directory.EnumerateFileSystemEntries(_ws.Workspace, "*", SearchOption.AllDirectories)
                .Where(p => (File.GetUnixFileMode(p) & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0)
                .ShouldBeEmpty(result.Stderr);
            File.ReadAllText(Path.Combine(_ws.Workspace, ".git", "config")).ShouldBe("[core]\n");
            File.ReadAllText(sysctl).Trim().ShouldBe(before);
            var made = Leviathan.Tools.Sandbox.Quota.FileStatus.Stat(Path.Combine(_ws.Workspace, "made.txt"))!.Value;
            (made.Uid, made.Gid).ShouldBe((SandboxHostIdentity.Current.Uid, SandboxHostIdentity.Current.Gid));
        }
        finally
        {
            if (File.ReadAllText(sysctl).Trim() != before)
            {
                File.WriteAllText(sysctl, before);
            }
        }
    }
}
