using Leviathan.Testing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Workspace;

public sealed class WorkspaceRootTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _outside = new("leviathan-outside");
    private readonly WorkspaceRoot _root;

    public WorkspaceRootTests()
    {
        Directory.CreateDirectory(_dir.Combine("src", "lib"));
        File.WriteAllText(_dir.Combine("src", "main.c"), "int main;\n");
        File.WriteAllText(_outside.Combine("secret.txt"), "top secret\n");
        _root = new WorkspaceRoot(_dir.Path);
    }

    public void Dispose()
    {
        _dir.Dispose();
        _outside.Dispose();
    }

    [Theory]
    [InlineData("src/main.c", "src/main.c")]
    [InlineData("./src//main.c", "src/main.c")]
    [InlineData("src/new-file.txt", "src/new-file.txt")]
    [InlineData("src/not/yet/there.txt", "src/not/yet/there.txt")]
    [InlineData(".", ".")]
    public void Resolve_PathInside_ReturnsFullPath(string path, string expectedRelative)
    {
        var full = _root.Resolve(path);

        full.ShouldBe(Path.Join(_root.FullPath, expectedRelative == "." ? string.Empty : expectedRelative).TrimEnd('/'));
        _root.ToRelative(full).ShouldBe(expectedRelative);
    }

    [Theory]
    [InlineData("/etc/passwd", "'/etc/passwd' is an absolute path; paths are relative to the workspace root (for example 'etc/passwd').")]
    [InlineData("../secret.txt", "'../secret.txt' contains '..'; paths may not leave the workspace.")]
    [InlineData("src/../../x", "'src/../../x' contains '..'")]
    [InlineData("src/../main.c", "'src/../main.c' contains '..'")]
    [InlineData("~/.ssh/id_rsa", "'~/.ssh/id_rsa' points into a home directory")]
    [InlineData("", "The path is empty.")]
    [InlineData("  ", "The path is empty.")]
    public void Resolve_PathLeavingWorkspace_IsRefusedWithReason(string path, string expected)
    {
        Should.Throw<ToolRefusedException>(() => _root.Resolve(path)).Message.ShouldStartWith(expected);
    }

    [Fact]
    public void Resolve_SymlinkToFileOutside_IsRefused()
    {
        File.CreateSymbolicLink(_dir.Combine("innocent.txt"), _outside.Combine("secret.txt"));

        var refusal = Should.Throw<ToolRefusedException>(() => _root.Resolve("innocent.txt"));

        refusal.Message.ShouldBe($"'innocent.txt' resolves to '{_outside.Combine("secret.txt")}' through a symbolic link, which is outside the workspace.");
    }

    [Fact]
    public void Resolve_SymlinkedDirectoryOutside_RefusesFilesBelowIt()
    {
        Directory.CreateSymbolicLink(_dir.Combine("src", "vendor"), _outside.Path);

        Should.Throw<ToolRefusedException>(() => _root.Resolve("src/vendor/secret.txt")).Message.ShouldContain("outside the workspace");
        Should.Throw<ToolRefusedException>(() => _root.Resolve("src/vendor/new.txt")).Message.ShouldContain("outside the workspace");
    }

    [Fact]
    public void Resolve_RelativeSymlinkClimbingOut_IsRefused()
    {
        File.CreateSymbolicLink(_dir.Combine("src", "up"), "../../");

        Should.Throw<ToolRefusedException>(() => _root.Resolve("src/up/etc/passwd")).Message.ShouldContain("outside the workspace");
    }

    [Fact]
    public void Resolve_DanglingSymlinkPointingOutside_IsRefused()
    {
        File.CreateSymbolicLink(_dir.Combine("later.txt"), _outside.Combine("does-not-exist-yet.txt"));

        Should.Throw<ToolRefusedException>(() => _root.Resolve("later.txt")).Message.ShouldContain("outside the workspace");
    }

    [Fact]
    public void Resolve_ChainOfSymlinksEndingOutside_IsRefused()
    {
        File.CreateSymbolicLink(_dir.Combine("a"), "b");
        File.CreateSymbolicLink(_dir.Combine("b"), _outside.Combine("secret.txt"));

        Should.Throw<ToolRefusedException>(() => _root.Resolve("a")).Message.ShouldContain("outside the workspace");
    }

    [Fact]
    public void Resolve_SymlinkLoop_IsRefused()
    {
        File.CreateSymbolicLink(_dir.Combine("loop1"), "loop2");
        File.CreateSymbolicLink(_dir.Combine("loop2"), "loop1");

        Should.Throw<ToolRefusedException>(() => _root.Resolve("loop1")).Message.ShouldContain("too many symbolic links");
    }

    [Fact]
    public void Resolve_SymlinkStayingInside_ResolvesToTarget()
    {
        File.CreateSymbolicLink(_dir.Combine("main-link.c"), "src/main.c");

        _root.Resolve("main-link.c").ShouldBe(Path.Join(_root.FullPath, "src/main.c"));
    }

    [Fact]
    public void Constructor_WorkspaceReachedThroughSymlink_AcceptsPathsInside()
    {
        var link = _outside.Combine("ws-link");
        Directory.CreateSymbolicLink(link, _dir.Path);

        var root = new WorkspaceRoot(link);

        root.FullPath.ShouldBe(_root.FullPath);
        root.Resolve("src/main.c").ShouldBe(Path.Join(_root.FullPath, "src/main.c"));
    }

    [Theory]
    [InlineData(".git/hooks/pre-commit", "inside a .git folder")]
    [InlineData("vendor/lib/.git/config", "inside a .git folder")]
    [InlineData(".leviathan/snapshots.git/HEAD", "inside .leviathan/, which holds the workspace's Leviathan settings")]
    public void ResolveForWrite_RepositoryInternals_AreRefused(string path, string reason)
    {
        Should.Throw<ToolRefusedException>(() => _root.ResolveForWrite(path)).Message.ShouldContain(reason);
        _root.Resolve(path).ShouldBe(Path.Join(_root.FullPath, path));
    }

    [Fact]
    public void ResolveForWrite_OrdinaryFile_Resolves()
    {
        _root.ResolveForWrite("src/.gitignore").ShouldBe(Path.Join(_root.FullPath, "src/.gitignore"));
    }

    [Fact]
    public void Constructor_MissingDirectory_Throws()
    {
        Should.Throw<DirectoryNotFoundException>(() => new WorkspaceRoot(_dir.Combine("nope")));
    }
}
