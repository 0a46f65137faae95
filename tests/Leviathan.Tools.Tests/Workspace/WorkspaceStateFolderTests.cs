using Leviathan.Testing;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Workspace;

public sealed class WorkspaceStateFolderTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-state");

    public WorkspaceStateFolderTests()
    {
        Directory.CreateDirectory(_temp.Combine("my project"));
    }

    public void Dispose() => _temp.Dispose();

    private string Home => _temp.Combine("home");

    [Fact]
    public void For_SameFolderThroughALink_IsTheSameStateFolderUnderTheHome()
    {
        File.CreateSymbolicLink(_temp.Combine("alias"), _temp.Combine("my project"));

        var direct = WorkspaceStateFolder.For(Home, _temp.Combine("my project"));
        var linked = WorkspaceStateFolder.For(Home, _temp.Combine("alias") + "/");

        linked.FullPath.ShouldBe(direct.FullPath);
        direct.FullPath.ShouldStartWith(Path.Combine(Home, "workspaces", "my_project-"));
        direct.SnapshotRepository.ShouldBe(Path.Combine(direct.FullPath, "snapshots.git"));
        direct.TodoFile.ShouldBe(Path.Combine(direct.FullPath, "todo.md"));
        direct.Exists.ShouldBeFalse("nothing is created until Create");
    }

    [Fact]
    public void Create_NewWorkspace_WritesAPrivateFolderNamingTheWorkspace()
    {
        var state = WorkspaceStateFolder.For(Home, _temp.Combine("my project")).Create();

        File.ReadAllText(Path.Combine(state.FullPath, WorkspaceStateFolder.DescriptionFile)).ShouldContain(_temp.Combine("my project"));
        File.GetUnixFileMode(state.FullPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.EnumerateFileSystemEntries(_temp.Combine("my project")).ShouldBeEmpty();
    }

    [Fact]
    public void For_HomeInsideTheWorkspace_IsRefused()
    {
        var ex = Should.Throw<InvalidOperationException>(() => WorkspaceStateFolder.For(_temp.Combine("my project", ".state"), _temp.Combine("my project")));

        ex.Message.ShouldContain("is inside the workspace");
    }

    [Fact]
    public void Create_FolderThatNamesAnotherWorkspace_IsRefused()
    {
        var state = WorkspaceStateFolder.For(Home, _temp.Combine("my project"));
        Directory.CreateDirectory(state.FullPath);
        File.WriteAllText(Path.Combine(state.FullPath, WorkspaceStateFolder.DescriptionFile), """{"workspace": "/somewhere/else"}""");

        Should.Throw<InvalidOperationException>(() => state.Create()).Message.ShouldContain("belongs to the workspace '/somewhere/else'");
    }
}
