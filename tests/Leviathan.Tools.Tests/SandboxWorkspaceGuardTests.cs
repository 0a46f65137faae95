using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

public sealed class SandboxWorkspaceGuardTests : IDisposable
{
    private readonly SandboxTestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/etc")]
    [InlineData("/usr")]
    [InlineData("/bin")]
    [InlineData("/sbin")]
    [InlineData("/lib")]
    [InlineData("/var")]
    [InlineData("/boot")]
    [InlineData("/proc")]
    [InlineData("/sys")]
    [InlineData("/dev")]
    [InlineData("/tmp")]
    [InlineData("/run")]
    [InlineData("/home")]
    [InlineData("/root")]
    [InlineData("/proc/self")]
    [InlineData("/usr/")]
    [InlineData("/usr/../etc")]
    public void Check_SystemFolder_IsRefusedWithTheReason(string folder)
    {
        var ex = Should.Throw<ArgumentException>(() => WorkspaceGuard.Check(folder, userHome: "/root"));

        ex.Message.ShouldMatch("(root directory|system folder|kernel interface)");
    }

    [Fact]
    public void Check_UsersHomeFolderItself_IsRefusedButAProjectInsideIsFine()
    {
        var home = Path.Combine(_ws.Root, "someone");
        Directory.CreateDirectory(Path.Combine(home, "project"));

        Should.Throw<ArgumentException>(() => WorkspaceGuard.Check(home, userHome: home)).Message.ShouldContain("home folder itself");
        WorkspaceGuard.Check(Path.Combine(home, "project"), userHome: home).ShouldBe(Path.Combine(home, "project"));
    }

    [Fact]
    public void Check_LeviathanHomeItselfInsideOrAbove_IsRefused()
    {
        var home = Path.Combine(_ws.Root, "lev");
        Directory.CreateDirectory(Path.Combine(home, "inner"));

        Should.Throw<ArgumentException>(() => WorkspaceGuard.Check(home, home)).Message.ShouldContain("Leviathan home");
        Should.Throw<ArgumentException>(() => WorkspaceGuard.Check(Path.Combine(home, "inner"), home)).Message.ShouldContain("inside the Leviathan home");
        Should.Throw<ArgumentException>(() => WorkspaceGuard.Check(_ws.Root, home)).Message.ShouldContain("contains the Leviathan home");
        WorkspaceGuard.Check(_ws.Workspace, home).ShouldBe(_ws.Workspace);
    }

    [Fact]
    public void Check_SymbolicLinkToASystemFolder_IsRefused()
    {
        var link = Path.Combine(_ws.Root, "looks-harmless");
        File.CreateSymbolicLink(link, "/etc");

        Should.Throw<ArgumentException>(() => WorkspaceGuard.Check(link)).Message.ShouldContain("'/etc' is a system folder");
    }

    [Fact]
    public async Task RunAsync_SystemFolderAsWorkspace_IsRefusedBeforeAnythingRuns()
    {
        var sandbox = SandboxFactory.Create(new SandboxOptions());

        var ex = await Should.ThrowAsync<ArgumentException>(() => sandbox.RunAsync(new SandboxRequest("/etc", ["true"]), CancellationToken.None));

        ex.Message.ShouldContain("system folder");
    }
}
