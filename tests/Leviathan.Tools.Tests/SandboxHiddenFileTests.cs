using System.Diagnostics;
using System.Globalization;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

/// <summary>
/// Hidden files (<see cref="SandboxOptions.HiddenFiles"/>: password hashes, host keys) are covered by an empty file unless the
/// sandboxed command provably cannot read them anyway. Each test reads the file from inside a real sandbox.
/// </summary>
public sealed class SandboxHiddenFileTests : IDisposable
{
    private const string Secret = "host-secret-5150";
    private readonly SandboxTestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RunAsync_HiddenFileEveryoneMayRead_ReadsAsEmpty()
    {
        var file = SecretFile("world-readable", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (result, bound) = await ReadInSandboxAsync(file);

        bound.ShouldBeTrue();
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe("[]\n");
    }

    [Fact]
    public async Task RunAsync_HiddenFileOnlyItsOwnerMayRead_StaysUnreadable()
    {
        var file = SecretFile("owner-only", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (result, bound) = await ReadInSandboxAsync(file);

        result.Stdout.ShouldNotContain(Secret);
        if (SandboxHostIdentity.Current.IsRoot)
        {
            // The command is the unprivileged sandbox user: the file is left in place, and the kernel refuses the read.
            bound.ShouldBeFalse();
            result.Stderr.ShouldContain("Permission denied");
        }
        else
        {
            // The command is the invoking user, who owns the file: it must be covered.
            bound.ShouldBeTrue();
            result.Stdout.ShouldBe("[]\n");
        }
    }

    [Fact]
    public async Task RunAsync_HiddenFileReadableThroughTheSandboxGroup_ReadsAsEmpty()
    {
        if (!SandboxHostIdentity.Current.IsRoot)
        {
            return;
        }

        var file = SecretFile("group-readable", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Host("chown", string.Create(CultureInfo.InvariantCulture, $"0:{SandboxOptions.DefaultSandboxId}"), file);
        // The attack is real: on the host, the sandbox user reads this file through its group.
        HostAsSandboxUser("cat", file).ShouldContain(Secret);

        var (result, bound) = await ReadInSandboxAsync(file);

        bound.ShouldBeTrue();
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe("[]\n");
    }

    [Fact]
    public async Task RunAsync_HiddenFileReadableThroughAnAcl_ReadsAsEmpty()
    {
        if (!SandboxHostIdentity.Current.IsRoot)
        {
            return;
        }

        var file = SecretFile("acl-readable", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // An access ACL (version 2; user::rw-, user:SANDBOX:r--, group::---, mask::r--, other::---) the mode bits do not show.
        Host("python3", "-c", string.Create(CultureInfo.InvariantCulture, $"""
            import os, struct
            e = lambda tag, perm, id: struct.pack('<HHI', tag, perm, id)
            os.setxattr({Quoted(file)}, 'system.posix_acl_access', struct.pack('<I', 2) + e(1, 6, 0xffffffff) + e(2, 4, {SandboxOptions.DefaultSandboxId}) + e(4, 0, 0xffffffff) + e(0x10, 4, 0xffffffff) + e(0x20, 0, 0xffffffff))
            """));
        (File.GetUnixFileMode(file) & UnixFileMode.OtherRead).ShouldBe((UnixFileMode)0);
        HostAsSandboxUser("cat", file).ShouldContain(Secret);

        var (result, bound) = await ReadInSandboxAsync(file);

        bound.ShouldBeTrue();
        result.Stdout.ShouldNotContain(Secret);
        result.Stdout.ShouldBe("[]\n");
    }

    [Fact]
    public void CannotRead_GroupReadableFile_DependsOnTheReadersGroups()
    {
        var file = SecretFile("group-bits", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var fileGid = Leviathan.Tools.Sandbox.Quota.FileStatus.Stat(file)!.Value.Gid;
        const uint Stranger = 4_000_000_001;

        new SandboxReader(Stranger, [fileGid]).CannotRead(file).ShouldBeFalse();
        new SandboxReader(Stranger, [Stranger]).CannotRead(file).ShouldBeTrue();
        new SandboxReader(Leviathan.Tools.Sandbox.Quota.FileStatus.Stat(file)!.Value.Uid, [Stranger]).CannotRead(file).ShouldBeFalse();
    }

    [Fact]
    public void CannotRead_LinkOrMissingFile_IsNeverProven()
    {
        var file = SecretFile("target", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var link = Path.Combine(_ws.Outside, "link");
        File.CreateSymbolicLink(link, file);
        const uint Stranger = 4_000_000_001;
        var reader = new SandboxReader(Stranger, [Stranger]);

        reader.CannotRead(file).ShouldBeTrue();
        reader.CannotRead(link).ShouldBeFalse();
        reader.CannotRead(Path.Combine(_ws.Outside, "missing")).ShouldBeFalse();
    }

    private string SecretFile(string name, UnixFileMode mode)
    {
        var file = Path.Combine(_ws.Outside, name);
        File.WriteAllText(file, Secret + "\n");
        File.SetUnixFileMode(file, mode);
        return file;
    }

    private async Task<(SandboxResult Result, bool Bound)> ReadInSandboxAsync(string file)
    {
        var options = new SandboxOptions { HiddenFiles = [file] };
        var request = _ws.Shell($"echo \"[$(cat {Quoted(file)})]\"");
        var arguments = new BubblewrapSandbox(options).Arguments(request, _ws.Workspace, _ws.Workspace);
        var bound = arguments.Select((a, i) => (a, i)).Any(p => p.a == "--ro-bind" && arguments[p.i + 1] == "/dev/null" && arguments[p.i + 2] == file);
        return (await SandboxFactory.Create(options).RunAsync(request, CancellationToken.None), bound);
    }

    private static string Quoted(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Host(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {error}");
        return output;
    }

    private static string HostAsSandboxUser(string program, params string[] arguments)
    {
        var id = SandboxOptions.DefaultSandboxId.ToString(CultureInfo.InvariantCulture);
        return Host("setpriv", [$"--reuid={id}", $"--regid={id}", "--clear-groups", program, .. arguments]);
    }
}
