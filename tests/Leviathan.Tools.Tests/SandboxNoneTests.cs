using Leviathan.Testing;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

public sealed class SandboxNoneTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RunAsync_None_RunsDirectlyAndSaysSoLoudly()
    {
        var sandbox = SandboxFactory.Create(new SandboxOptions { Kind = SandboxKind.None });
        var marker = Random.Shared.Next(100_000, 999_999) + 3_000_000;

        var result = await sandbox.RunAsync(_ws.Shell($"pwd; sleep {marker} & echo started"), CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe($"{_ws.Workspace}\nstarted\n");
        result.Notices[0].ShouldBe(SandboxResult.UnsandboxedWarning);
        // Even without isolation nothing the command started survives it: the cgroup is emptied.
        HostProcesses.WithArgument(marker.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeEmpty();
    }

    [Fact]
    public void Kinds_ParseTheirNames()
    {
        SandboxKinds.TryParse("bwrap", out var bwrap).ShouldBeTrue();
        bwrap.ShouldBe(SandboxKind.Bubblewrap);
        SandboxKinds.TryParse("NONE", out var none).ShouldBeTrue();
        none.ShouldBe(SandboxKind.None);
        SandboxKinds.TryParse("docker", out _).ShouldBeFalse();
        SandboxKinds.NameOf(SandboxKind.Podman).ShouldBe("podman");
    }
}
