using System.Diagnostics;
using Leviathan.Testing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Edits;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Workspace;

/// <summary>
/// The kernel-enforced boundary under the file tools: a path checked while it was inside, then turned into a link
/// to outside before the use, is refused by the open itself. Every case runs with openat2 and with the
/// per-component O_NOFOLLOW walk used where the kernel lacks it.
/// </summary>
public sealed class WorkspaceFileSystemTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _outside = new("leviathan-outside");
    private readonly WorkspaceRoot _root;

    public WorkspaceFileSystemTests()
    {
        Directory.CreateDirectory(_dir.Combine("d"));
        File.WriteAllText(_dir.Combine("d", "x.txt"), "inside\n");
        File.WriteAllText(_outside.Combine("x.txt"), "outside\n");
        _root = new WorkspaceRoot(_dir.Path);
    }

    public void Dispose()
    {
        _dir.Dispose();
        _outside.Dispose();
    }

    private WorkspaceFileSystem Files(bool componentWalk) => new(_root, componentWalk);

    // The folder is checked while it is real, then swapped for a link to outside: the time-of-check/time-of-use race.
    private string CheckThenSwap(string relative)
    {
        var full = _root.ResolveForWrite(relative);
        Directory.Move(_dir.Combine("d"), _dir.Combine("d-moved"));
        File.CreateSymbolicLink(_dir.Combine("d"), _outside.Path);
        return full;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replace_FolderSwappedForLinkAfterCheck_IsRefusedAndOutsideUntouched(bool componentWalk)
    {
        var full = CheckThenSwap("d/x.txt");

        var ex = Should.Throw<ToolRefusedException>(() => Files(componentWalk).Replace(full, "pwned\n"u8.ToArray(), null));

        ex.Message.ShouldContain("symbolic link");
        File.ReadAllText(_outside.Combine("x.txt")).ShouldBe("outside\n");
        Directory.EnumerateFileSystemEntries(_outside.Path).ShouldBe([_outside.Combine("x.txt")]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replace_NewFileUnderSwappedFolder_IsRefusedAndNothingCreatedOutside(bool componentWalk)
    {
        var full = CheckThenSwap("d/sub/new.txt");

        Should.Throw<ToolRefusedException>(() => Files(componentWalk).Replace(full, "pwned\n"u8.ToArray(), null));

        Directory.Exists(_outside.Combine("sub")).ShouldBeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_FolderSwappedForLinkAfterCheck_IsRefused(bool componentWalk)
    {
        var full = CheckThenSwap("d/x.txt");

        Should.Throw<ToolRefusedException>(() => Files(componentWalk).TryReadAllBytes(full, 1 << 20, _ => "too large", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Delete_FolderSwappedForLinkAfterCheck_IsRefusedAndOutsideKept(bool componentWalk)
    {
        var full = CheckThenSwap("d/x.txt");

        Should.Throw<ToolRefusedException>(() => Files(componentWalk).Delete(full));

        File.Exists(_outside.Combine("x.txt")).ShouldBeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replace_FileSwappedForLinkAfterCheck_ReplacesTheLinkNotItsTarget(bool componentWalk)
    {
        var full = _root.ResolveForWrite("d/x.txt");
        File.Delete(full);
        File.CreateSymbolicLink(full, _outside.Combine("x.txt"));

        Files(componentWalk).Replace(full, "new\n"u8.ToArray(), null);

        File.ReadAllText(_outside.Combine("x.txt")).ShouldBe("outside\n");
        new FileInfo(full).LinkTarget.ShouldBeNull();
        File.ReadAllText(full).ShouldBe("new\n");
    }

    [Fact]
    public void FileChangeSet_FolderSwappedBetweenStagingAndCommit_RestoresAndWritesNothingOutside()
    {
        File.WriteAllText(_dir.Combine("a.txt"), "a\n");
        var first = _root.ResolveForWrite("a.txt");
        var second = CheckThenSwap("d/x.txt");
        var changes = new FileChangeSet(_root);
        changes.Stage(first, "A\n"u8.ToArray());
        changes.Stage(second, "pwned\n"u8.ToArray());

        var ex = Should.Throw<ToolRefusedException>(changes.Commit);

        ex.Message.ShouldContain("No file was changed");
        File.ReadAllText(_dir.Combine("a.txt")).ShouldBe("a\n");
        File.ReadAllText(_outside.Combine("x.txt")).ShouldBe("outside\n");
    }

    [Fact]
    public async Task EditFile_SetUserIdFile_IsRewrittenWithoutTheBit()
    {
        // Root rewriting a file the sandbox marked set-user-ID must not leave a set-user-ID root program behind.
        var path = _dir.Combine("d", "x.txt");
        File.SetUnixFileMode(path, UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        var tools = new ToolSet(Leviathan.Tools.Standard.StandardTools.Create());

        var result = await tools.InvokeAsync(new ToolCall("edit_file", """{"path": "d/x.txt", "old_text": "inside", "new_text": "changed"}"""), new ToolContext(_root), CancellationToken.None);

        result.IsError.ShouldBeFalse(result.Text);
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
    }

    [Fact]
    public async Task WriteFile_AsRootOnAUsersFile_KeepsTheUsersOwnership()
    {
        if (LinuxFileCalls.Geteuid() != 0)
        {
            return;
        }

        using (var chown = Process.Start("chown", ["-R", "65534:65534", _dir.Path]))
        {
            await chown!.WaitForExitAsync();
        }

        var tools = new ToolSet(Leviathan.Tools.Standard.StandardTools.Create());
        var context = new ToolContext(_root);

        (await tools.InvokeAsync(new ToolCall("write_file", """{"path": "d/x.txt", "content": "new\n"}"""), context, CancellationToken.None)).IsError.ShouldBeFalse();
        (await tools.InvokeAsync(new ToolCall("write_file", """{"path": "d/new/created.txt", "content": "new\n"}"""), context, CancellationToken.None)).IsError.ShouldBeFalse();

        foreach (var file in (string[])["x.txt", "new", "new/created.txt"])
        {
            LinuxFileCalls.Owner(LinuxFileCalls.AtFdCwd, _dir.Combine("d", file), 0, out var owner, out var group).ShouldBe(0);
            (owner, group).ShouldBe((65534u, 65534u), file);
        }
    }

    [Fact]
    public void Read_Fifo_IsRefusedInsteadOfBlocking()
    {
        using (var mkfifo = Process.Start("mkfifo", [_dir.Combine("pipe")]))
        {
            mkfifo.WaitForExit();
        }

        var full = _root.Resolve("pipe");

        var ex = Should.Throw<InvalidDataException>(() => _root.Files.TryReadAllBytes(full, 1 << 20, _ => "too large", out _));

        ex.Message.ShouldContain("not a regular file");
    }

    [Fact]
    public async Task WriteFile_LinkFlippedConcurrently_NeverWritesOutside()
    {
        // A sandboxed command flipping a folder between real and a link to outside, as fast as it can, while the
        // host writes into it: whatever the interleaving, nothing may land outside.
        Directory.CreateDirectory(_dir.Combine("flip"));
        Directory.CreateDirectory(_dir.Combine("real"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var flipper = Task.Run(() =>
        {
            var flips = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    Directory.Delete(_dir.Combine("flip"), recursive: true);
                    File.CreateSymbolicLink(_dir.Combine("flip"), _outside.Path);
                    File.Delete(_dir.Combine("flip"));
                    Directory.CreateDirectory(_dir.Combine("flip"));
                    flips++;
                }
                catch (IOException)
                {
                }
            }

            return flips;
        });
        var tools = new ToolSet(Leviathan.Tools.Standard.StandardTools.Create());
        var context = new ToolContext(_root);
        var written = 0;
        var refused = 0;
        while (!stop.IsCancellationRequested)
        {
            var result = await tools.InvokeAsync(
                new ToolCall("write_file", """{"path": "flip/pwned.txt", "content": "pwned\n"}"""), context, CancellationToken.None);
            _ = result.IsError ? refused++ : written++;
        }

        var flipCount = await flipper;

        flipCount.ShouldBeGreaterThan(10);
        (written + refused).ShouldBeGreaterThan(10);
        File.Exists(_outside.Combine("pwned.txt")).ShouldBeFalse($"{written} writes succeeded, {refused} were refused, {flipCount} flips");
        Directory.EnumerateFileSystemEntries(_outside.Path).ShouldBe([_outside.Combine("x.txt")]);
    }
}
