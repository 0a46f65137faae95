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
}
