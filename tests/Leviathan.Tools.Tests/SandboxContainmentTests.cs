using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Leviathan.Testing;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Sandbox.Quota;

namespace Leviathan.Tools.Tests;

/// <summary>
/// Attacks a command in the bubblewrap sandbox can try against the host, performed for real (as root where the
/// tests run as root), each asserting that the host is unchanged.
/// </summary>
public sealed partial class SandboxContainmentTests : IDisposable
{
    private const UnixFileMode SpecialBits = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    private readonly SandboxTestWorkspace _ws = new();
    private readonly ISandbox _sandbox = SandboxFactory.Create(new SandboxOptions());

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RunAsync_SysctlWrite_LeavesTheHostValueUnchanged()
    {
        const string sysctl = "/proc/sys/kernel/printk_ratelimit";
        var before = File.ReadAllText(sysctl).Trim();
        var attempt = (int.Parse(before, CultureInfo.InvariantCulture) + 7).ToString(CultureInfo.InvariantCulture);
        try
        {
            var result = await _sandbox.RunAsync(_ws.Shell($"echo {attempt} > {sysctl}; echo status=$?"), CancellationToken.None);

            result.Stdout.ShouldNotContain("status=0");
            File.ReadAllText(sysctl).Trim().ShouldBe(before);
        }
        finally
        {
            if (File.ReadAllText(sysctl).Trim() != before)
            {
                File.WriteAllText(sysctl, before);
            }
        }
    }

    [Fact]
    public async Task RunAsync_CorePatternOpenedForWriting_IsRefused()
    {
        var before = File.ReadAllText("/proc/sys/kernel/core_pattern");

        var result = await _sandbox.RunAsync(
            _ws.Shell("python3 -c \"open('/proc/sys/kernel/core_pattern', 'w')\" && echo opened"),
            CancellationToken.None);

        result.ExitCode.ShouldNotBe(0);
        result.Stdout.ShouldNotContain("opened");
        result.Stderr.ShouldMatch("(Permission denied|Read-only file system|Operation not permitted)");
        File.ReadAllText("/proc/sys/kernel/core_pattern").ShouldBe(before);
    }

    [Fact]
    public async Task RunAsync_EverySetuidAttempt_LeavesNoSetuidOrSetgidFileOnTheHost()
    {
        var script = string.Join(
            "; ",
            "cp /bin/true a && chmod 4755 a",
            "cp /bin/true b && chmod u+s b",
            "cp /bin/true c && chmod g+s c",
            "install -m 4755 /bin/true d",
            "install -m 2755 /bin/true e",
            "mkdir -m 2755 f",
            "python3 -c \"import os; os.close(os.open('g', os.O_CREAT | os.O_WRONLY, 0o6755))\"",
            "python3 -c \"import os; fd = os.open('h', os.O_CREAT | os.O_WRONLY, 0o755); os.fchmod(fd, 0o4755)\"",
            "python3 -c \"import os; os.mknod('i', 0o104755)\"",
            "python3 -c \"import os; os.open('.', os.O_TMPFILE | os.O_WRONLY, 0o4755)\"",
            "python3 -c \"import ctypes; ctypes.CDLL(None).syscall(452, -100, b'a', 0o4755, 0)\"",
            "ls -l");

        var result = await _sandbox.RunAsync(_ws.Shell(script), CancellationToken.None);

        result.Stderr.ShouldContain("Operation not permitted");
        var special = Directory.EnumerateFileSystemEntries(_ws.Workspace, "*", SearchOption.AllDirectories)
            .Where(p => (File.GetUnixFileMode(p) & SpecialBits) != 0)
            .ToList();
        special.ShouldBeEmpty(result.Stdout + result.Stderr);
        File.Exists(Path.Combine(_ws.Workspace, "a")).ShouldBeTrue(result.Stderr);
    }

    [Fact]
    public async Task RunAsync_FileCapabilitiesAndLinksToHostSetuidBinaries_AreRefused()
    {
        const string probe = """
import os, shutil
shutil.copy("/bin/true", "capable")
for version, data in (("v2", bytes([0, 0, 0, 2, 0x80] + [0] * 15)), ("v3", bytes([0, 0, 0, 3, 0x80] + [0] * 19))):
    try:
        os.setxattr("capable", "security.capability", data)
        print("setcap", version, "succeeded")
    except OSError as e:
        print("setcap", version, e.errno)
for binary in ("/usr/bin/passwd", "/usr/bin/su", "/bin/mount"):
    if os.path.exists(binary):
        try:
            os.link(binary, os.path.basename(binary))
            print("link", binary, "succeeded")
        except OSError as e:
            print("link", binary, e.errno)
""";
        File.WriteAllText(Path.Combine(_ws.Workspace, "probe.py"), probe);

        var result = await _sandbox.RunAsync(new SandboxRequest(_ws.Workspace, ["python3", "probe.py"]), CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldNotContain("succeeded");
        result.Stdout.ShouldContain("setcap v2 1");
        result.Stdout.ShouldContain("setcap v3 1");
        Directory.EnumerateFiles(_ws.Workspace).Where(p => (File.GetUnixFileMode(p) & SpecialBits) != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_WorkspaceBelowAFolderOthersCannotSearch_WorksAndHidesTheFolder()
    {
        var closed = Path.Combine(_ws.Root, "closed");
        var workspace = Path.Combine(closed, "project");
        Directory.CreateDirectory(workspace);
        File.WriteAllText(Path.Combine(closed, "sibling-secret"), "x");
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await _sandbox.RunAsync(new SandboxRequest(workspace, ["sh", "-c", "echo ok > made && ls -A .."]), CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldNotContain("sibling-secret");
        File.ReadAllText(Path.Combine(workspace, "made")).ShouldBe("ok\n");
    }

    [Fact]
    public async Task RunAsync_FilesTheCommandCreates_BelongToTheInvokingUser()
    {
        var result = await _sandbox.RunAsync(_ws.Shell("mkdir -p sub/deeper && echo x > sub/deeper/f && echo y > top && id -u"), CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        var me = SandboxHostIdentity.Current;
        foreach (var path in new[] { "sub", "sub/deeper", "sub/deeper/f", "top" })
        {
            var entry = FileStatus.Stat(Path.Combine(_ws.Workspace, path))!.Value;
            (entry.Uid, entry.Gid).ShouldBe((me.Uid, me.Gid), path);
        }

        // The command sees itself as the invoker, by name only.
        result.Stdout.Trim().ShouldBe(me.Uid.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RunAsync_Command_HasNoCapabilitiesNoNewPrivilegesAndASeccompFilter()
    {
        var result = await _sandbox.RunAsync(
            _ws.Shell("grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status"),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("CapEff:\t0000000000000000");
        result.Stdout.ShouldContain("CapPrm:\t0000000000000000");
        result.Stdout.ShouldContain("CapBnd:\t0000000000000000");
        result.Stdout.ShouldContain("NoNewPrivs:\t1");
        result.Stdout.ShouldContain("Seccomp:\t2");
    }

    [Fact]
    public async Task RunAsync_Command_RunsAsAnUnprivilegedHostUser()
    {
        var marker = (Random.Shared.Next(100_000, 999_999) + 5_000_000).ToString(CultureInfo.InvariantCulture);
        using var cancellation = new CancellationTokenSource();
        var run = _sandbox.RunAsync(_ws.Shell($"exec sleep {marker}"), cancellation.Token);
        string? status = null;
        for (var attempt = 0; attempt < 1000 && status is null; attempt++)
        {
            var pid = HostProcesses.WithArgument(marker).FirstOrDefault();
            status = pid == 0 ? null : File.ReadAllText($"/proc/{pid}/status");
            if (status is null)
            {
                await Task.Delay(10);
            }
        }

        await cancellation.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => run);
        status.ShouldNotBeNull("the command never showed up on the host");
        var uids = status.Split('\n').Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..];
        uids.ShouldAllBe(u => u != "0");
        if (SandboxHostIdentity.Current.IsRoot)
        {
            uids.ShouldAllBe(u => u == SandboxOptions.DefaultSandboxId.ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task RunAsync_Dev_HoldsOnlyTheUsualDevicesWhichWork_AndTheCommandCanAddNone()
    {
        using var hostStat = Process.Start(new ProcessStartInfo("stat", ["-c", "pts-device=%d", "/dev/pts"]) { RedirectStandardOutput = true })!;
        var hostPts = (await hostStat.StandardOutput.ReadToEndAsync()).Trim();
        await hostStat.WaitForExitAsync();

        var result = await _sandbox.RunAsync(
            _ws.Shell(
                "ls -A /dev | tr '\\n' ' '; echo; " +
                "echo written > /dev/null && head -c 3 /dev/zero | wc -c && head -c 5 /dev/urandom | wc -c; " +
                "python3 -c \"import os, pty; m, s = pty.openpty(); os.write(m, b'typed\\n'); print(os.ttyname(s), os.read(s, 6))\"; " +
                "stat -c 'pts-device=%d' /dev/pts; " +
                "touch /dev/planted 2>/dev/null && echo planted; mknod /dev/disk b 254 0 2>/dev/null && echo disk; " +
                "mknod disk b 254 0 2>/dev/null && echo disk-in-workspace; " +
                "echo shared > /dev/shm/s && cat /dev/shm/s"),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)
            .ShouldBe(["fd", "full", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty", "urandom", "zero"]);
        lines[1..3].ShouldBe(["3", "5"]);
        // A terminal of its own works (test runners and REPLs open one), in a devpts instance that is not the host's.
        lines[3].ShouldMatch(@"^/dev/pts/\d+ b'typed\\n'$");
        lines[4].ShouldStartWith("pts-device=");
        hostPts.ShouldStartWith("pts-device=");
        lines[4].ShouldNotBe(hostPts);

        lines.ShouldNotContain("planted");
        lines.ShouldNotContain("disk");
        lines.ShouldNotContain("disk-in-workspace");
        lines[^1].ShouldBe("shared");
        File.Exists(Path.Combine(_ws.Workspace, "disk")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_EveryVisibleMount_IsNosuid()
    {
        // Only the mounts the command can reach (the table writes a space in a path as \040): bubblewrap cannot remount, and the
        // command cannot enter, a mount below a folder the sandbox user may not search, such as podman's storage (root's
        // 0700) while a container runs.
        var result = await _sandbox.RunAsync(
            _ws.Shell("while read -r dev mnt fs opts rest; do if stat \"$(printf '%b' \"$mnt\")\" > /dev/null 2>&1; then printf '%s %s %s %s\\n' \"$dev\" \"$mnt\" \"$fs\" \"$opts\"; fi; done < /proc/self/mounts"),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain(" / ", Case.Sensitive, "the root mount is listed");
        // The last mount on a path is the one seen there; devpts holds only device nodes (nodev elsewhere keeps them inert).
        var visible = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .GroupBy(f => f[1])
            .Select(g => g.Last())
            .Where(f => f[2] != "devpts");
        visible.Where(f => !f[3].Split(',').Contains("nosuid")).Select(f => string.Join(' ', f)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_DangerousSystemCalls_AreDenied()
    {
        // name, number, arguments: each must fail; the filter answers EPERM, or ENOSYS where it makes the C library fall back.
        const string probe = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
calls = [
  ("mount", 165, (b"none", b"/mnt", b"tmpfs", 0, 0)), ("umount2", 166, (b"/proc", 2)),
  ("ptrace_attach", 101, (16, 1, 0, 0)), ("ptrace_seize", 101, (0x4206, 1, 0, 0)),
  ("kexec_load", 246, (0, 0, 0, 0)), ("kexec_file_load", 320, (0, 0, 0, 0, 0)), ("bpf", 321, (0, 0, 0)),
  ("keyctl", 250, (0, 0, 0)), ("add_key", 248, (b"user", b"k", b"v", 1, -2)), ("request_key", 249, (b"user", b"k", 0, 0)),
  ("userfaultfd", 323, (0,)), ("init_module", 175, (0, 0, b"")), ("finit_module", 313, (0, b"", 0)),
  ("delete_module", 176, (b"loop", 0)), ("perf_event_open", 298, (0, 0, -1, -1, 0)), ("pivot_root", 155, (b"/", b"/")),
  ("swapon", 167, (b"/dev/null", 0)), ("swapoff", 168, (b"/dev/null",)), ("reboot", 169, (0xfee1dead, 672274793, 0x1234567, 0)),
  ("setns", 308, (0, 0)), ("unshare_user", 272, (0x10000000,)), ("open_by_handle_at", 304, (-100, 0, 0)),
  ("iopl", 172, (3,)), ("ioperm", 173, (0, 1, 1)), ("io_uring_setup", 425, (8, 0)), ("clone3", 435, (0, 0)),
  ("openat2", 437, (-100, b".", 0, 0)), ("x32_getpid", 0x40000000 + 39, ()), ("fchmodat2_setuid", 452, (-100, b".", 0o4755, 0)),
]
for name, nr, args in calls:
    ctypes.set_errno(0)
    rc = libc.syscall(nr, *args)
    print(name, rc, ctypes.get_errno())
pid = os.fork()
if pid == 0:
    os._exit(0 if libc.syscall(101, 0, 0, 0, 0) == 0 else 1)
print("traceme_in_child", os.waitpid(pid, 0)[1])
""";
        File.WriteAllText(Path.Combine(_ws.Workspace, "probe.py"), probe);

        var result = await _sandbox.RunAsync(new SandboxRequest(_ws.Workspace, ["python3", "probe.py"]), CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1..]);
        lines.Count.ShouldBe(30, result.Stdout);
        foreach (var (name, values) in lines.Where(l => l.Key != "traceme_in_child"))
        {
            values[0].ShouldBe("-1", name);
            var expected = name is "clone3" or "openat2" or "x32_getpid" ? "38" : "1";
            values[1].ShouldBe(expected, $"{name}: errno {values[1]}");
        }

        // A debugger of its own children still works.
        lines["traceme_in_child"][0].ShouldBe("0");
    }

    [Fact]
    public async Task RunAsync_GitConfigInTheWorkspace_CannotBeChanged()
    {
        var git = Path.Combine(_ws.Workspace, ".git");
        Directory.CreateDirectory(Path.Combine(git, "hooks"));
        File.WriteAllText(Path.Combine(git, "config"), "[core]\n\tbare = false\n");

        var result = await _sandbox.RunAsync(
            _ws.Shell("printf '[core]\\n\\tfsmonitor = ./evil.sh\\n' >> .git/config; echo '#!/bin/sh' > .git/hooks/pre-commit; mv .git .git-old; rm -rf .git; echo source > file.txt"),
            CancellationToken.None);

        result.Stderr.ShouldContain("Read-only file system");
        File.ReadAllText(Path.Combine(git, "config")).ShouldBe("[core]\n\tbare = false\n");
        File.Exists(Path.Combine(git, "hooks", "pre-commit")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(_ws.Workspace, "file.txt")).ShouldBe("source\n");
    }

    [Fact]
    public async Task RunAsync_GitFileOfAWorktreePointingInsideTheWorkspace_ProtectsBothAndTheCommonDirectory()
    {
        var main = Path.Combine(_ws.Workspace, "vendor", "main.git");
        var worktree = Path.Combine(main, "worktrees", "w");
        Directory.CreateDirectory(worktree);
        File.WriteAllText(Path.Combine(main, "config"), "[core]\n");
        File.WriteAllText(Path.Combine(worktree, "commondir"), "../..\n");
        File.WriteAllText(Path.Combine(_ws.Workspace, ".git"), "gitdir: vendor/main.git/worktrees/w\n");

        var result = await _sandbox.RunAsync(
            _ws.Shell("echo 'gitdir: /tmp/x' > .git; echo x >> vendor/main.git/config; echo x > vendor/main.git/worktrees/w/HEAD"),
            CancellationToken.None);

        result.Stderr.ShouldContain("Read-only file system");
        File.ReadAllText(Path.Combine(_ws.Workspace, ".git")).ShouldBe("gitdir: vendor/main.git/worktrees/w\n");
        File.ReadAllText(Path.Combine(main, "config")).ShouldBe("[core]\n");
        File.Exists(Path.Combine(worktree, "HEAD")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_GitIsASymbolicLink_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_ws.Workspace, "real-git"));
        File.CreateSymbolicLink(Path.Combine(_ws.Workspace, ".git"), "real-git");

        var ex = await Should.ThrowAsync<ArgumentException>(() => _sandbox.RunAsync(_ws.Shell("true"), CancellationToken.None));

        ex.Message.ShouldContain(".git is a symbolic link");
    }

    [Fact]
    public async Task RunAsync_GitIsAFifo_IsRefusedWithoutBlocking()
    {
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(_ws.Workspace, ".git")]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var ex = await Should.ThrowAsync<ArgumentException>(() => _sandbox.RunAsync(_ws.Shell("true"), CancellationToken.None));

        ex.Message.ShouldContain("neither a directory nor a regular");
    }

    [Fact]
    public async Task RunAsync_GitWritableRequested_LetsTheCommandWriteGit()
    {
        Directory.CreateDirectory(Path.Combine(_ws.Workspace, ".git"));

        var result = await _sandbox.RunAsync(_ws.Shell("echo '[core]' > .git/config") with { GitWritable = true }, CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        File.ReadAllText(Path.Combine(_ws.Workspace, ".git", "config")).ShouldBe("[core]\n");
    }

    [Fact]
    public async Task RunAsync_LeviathanHomeOutsideTheUsualFolders_IsHidden()
    {
        var home = Path.Combine(_ws.Root, "lev-home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, "config.yaml"), "secret: home-secret-4713\n");
        File.WriteAllText(Path.Combine(home, "leviathan.db"), "trace-secret-4714");
        var sandbox = SandboxFactory.Create(new SandboxOptions { LeviathanHome = home });

        var result = await sandbox.RunAsync(
            _ws.Shell($"ls -A '{home}'; cat '{home}/config.yaml' '{home}/leviathan.db'; touch '{home}/planted'"),
            CancellationToken.None);

        result.Stdout.ShouldNotContain("home-secret-4713");
        result.Stdout.ShouldNotContain("trace-secret-4714");
        result.Stdout.ShouldNotContain("config.yaml");
        File.Exists(Path.Combine(home, "planted")).ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_WorkspaceInsideTheLeviathanHome_IsRefused()
    {
        var sandbox = SandboxFactory.Create(new SandboxOptions { LeviathanHome = _ws.Root });

        var ex = await Should.ThrowAsync<ArgumentException>(() => sandbox.RunAsync(_ws.Shell("true"), CancellationToken.None));

        ex.Message.ShouldContain("inside the Leviathan home");
    }

    [Fact]
    public async Task RunAsync_WritingPastTheDiskQuota_IsEndedReportedAndRemoved()
    {
        File.WriteAllText(Path.Combine(_ws.Workspace, "kept.txt"), "kept\n");
        var limits = new SandboxLimits { MaxWorkspaceBytes = 64L << 20 };

        var result = await _sandbox.RunAsync(
            _ws.Shell("mkdir out; for i in 1 2 3 4; do head -c 40000000 /dev/zero > out/f$i; head -c 1000 /dev/zero > g$i; done; echo wrote", limits: limits),
            CancellationToken.None);

        result.LimitsHit.HasFlag(SandboxLimitHit.DiskQuota).ShouldBeTrue(result.LimitsHit.ToString());
        result.LimitNames.ShouldContain("disk_quota");
        result.WorkspaceBytesAdded.ShouldBeGreaterThan(64L << 20);
        result.Notices.ShouldContain(n => n.StartsWith("disk_quota: the command added", StringComparison.Ordinal) && n.Contains("quota of 64 MB", StringComparison.Ordinal));
        Directory.Exists(Path.Combine(_ws.Workspace, "out")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(_ws.Workspace, "kept.txt")).ShouldBe("kept\n");
    }

    [Theory]
    [InlineData(SandboxKind.Bubblewrap)]
    [InlineData(SandboxKind.None)]
    public async Task RunAsync_FileAllocatedPastTheDiskQuotaAtTheCommandsFirstInstant_IsCountedAndRemoved(SandboxKind kind)
    {
        // The kernel stamps a new file from its coarse clock, which moves only at timer ticks: a file made within the tick
        // in which the quota started would be stamped no later than the start, pass for an older file and neither count
        // nor be removed. fallocate takes the space in one call, as soon as the command starts, again and again.
        var sandbox = SandboxFactory.Create(new SandboxOptions { Kind = kind });
        var limits = new SandboxLimits { MaxWorkspaceBytes = 16L << 20 };
        var big = Path.Combine(_ws.Workspace, "big");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var result = await sandbox.RunAsync(
                new SandboxRequest(_ws.Workspace, ["/usr/bin/fallocate", "-l", "64M", "big"]) { Limits = limits },
                CancellationToken.None);

            result.LimitNames.ShouldContain("disk_quota", $"attempt {attempt}: {result.LimitsHit}");
            File.Exists(big).ShouldBeFalse($"attempt {attempt}: the file the command made past its quota is left");
        }
    }

    [Fact]
    public async Task RunAsync_EndlessWriterPastTheDiskQuota_IsKilledWhileRunningNotAtTheTimeout()
    {
        var limits = new SandboxLimits { MaxWorkspaceBytes = 64L << 20 };

        var result = await _sandbox.RunAsync(
            _ws.Shell("i=0; while :; do head -c 8000000 /dev/zero > fill$i; i=$((i+1)); done", timeout: TimeSpan.FromSeconds(120), limits: limits),
            CancellationToken.None);

        result.TimedOut.ShouldBeFalse();
        result.LimitNames.ShouldBe(["disk_quota"]);
        result.ExitCode.ShouldBe(137);
        Directory.EnumerateFiles(_ws.Workspace, "fill*").ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_SparseFileAndSmallWrites_StayUnderTheDiskQuota()
    {
        var limits = new SandboxLimits { MaxWorkspaceBytes = 64L << 20 };

        var result = await _sandbox.RunAsync(
            _ws.Shell("truncate -s 900M sparse && head -c 1000000 /dev/zero > small && echo ok", limits: limits),
            CancellationToken.None);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.LimitsHit.ShouldBe(SandboxLimitHit.None);
        File.Exists(Path.Combine(_ws.Workspace, "small")).ShouldBeTrue();
    }

    [Fact]
    public void Create_SandboxUserRootUnderRoot_IsRefused()
    {
        if (!SandboxHostIdentity.Current.IsRoot)
        {
            return;
        }

        Should.Throw<ArgumentException>(() => SandboxFactory.Create(new SandboxOptions { SandboxUid = 0 })).Message.ShouldContain("must not be root");
        Should.Throw<ArgumentException>(() => SandboxFactory.Create(new SandboxOptions { Kind = SandboxKind.Podman, SandboxGid = 0 })).Message.ShouldContain("must not be root");
    }

    [Fact]
    public async Task RunAsync_DescriptorLeviathanInheritedWithoutCloseOnExec_IsNotOpenInTheSandbox()
    {
        var target = Path.Combine(_ws.Outside, "inherited.txt");
        File.WriteAllText(target, "host\n");
        using var file = File.OpenHandle(target, FileMode.Append, FileAccess.Write);
        // What Leviathan holds when whatever started it passed it an open file: a descriptor without close-on-exec.
        var fd = Dup((int)file.DangerousGetHandle());
        fd.ShouldBeGreaterThan(2);
        try
        {
            var script = string.Create(CultureInfo.InvariantCulture, $"echo pwned >&{fd}; ls /proc/self/fd | tr '\\n' ' '");
            // The attack is real: a program started without the sandbox writes to the host file through it.
            using (var plain = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", script]) { RedirectStandardOutput = true })!)
            {
                await plain.WaitForExitAsync();
            }

            File.ReadAllText(target).ShouldContain("pwned");
            File.WriteAllText(target, "host\n");

            var result = await _sandbox.RunAsync(new SandboxRequest(_ws.Workspace, ["/bin/bash", "-c", script]), CancellationToken.None);

            File.ReadAllText(target).ShouldBe("host\n");
            result.Stderr.ShouldContain("Bad file descriptor");
            result.Stdout.ShouldBe("0 1 2 3 ");
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}

