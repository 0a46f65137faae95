using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leviathan.Testing;

namespace Leviathan.Cli.Tests;

public sealed class SandboxCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly string _ws;

    public SandboxCommandTests()
    {
        _ws = Path.Combine(_cli.Scratch, "ws");
        Directory.CreateDirectory(_ws);
    }

    public void Dispose() => _cli.Dispose();

    private Task<CliResult> Exec(params string[] args) => _cli.RunAsync(["sandbox", "exec", "--workspace", _ws, .. args]);

    [Fact]
    public async Task Check_Bubblewrap_FindsEveryPropertyHoldingAndExitsZero()
    {
        var result = await _cli.RunAsync("sandbox", "check", "--json");

        result.ExitCode.ShouldBe(0, result.Stdout + result.Stderr);
        var report = JsonNode.Parse(result.Stdout)!;
        report["sandbox"]!.GetValue<string>().ShouldBe("bwrap");
        var checks = report["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["holds"]!.GetValue<bool>());
        checks.Keys.ShouldBe(
            ["commands start", "workspace writable", "nothing else writable", "own net namespace", "own pid namespace", "own mnt namespace",
             "host secrets unreadable", "no capabilities", "no_new_privs", "seccomp filter", "memory limit"],
            ignoreOrder: true);
        checks.Where(c => !c.Value).ShouldBeEmpty();
    }

    [Fact]
    public async Task Check_NoSandbox_NamesWhatDoesNotHoldCleansUpAndExitsOne()
    {
        var result = await _cli.RunAsync("sandbox", "check", "--sandbox", "none");

        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldContain("checks failed (sandbox none runs commands on the host, without isolation)");
        foreach (var property in new[] { "nothing else writable", "own net namespace", "own mnt namespace", "seccomp filter", "no_new_privs" })
        {
            result.Stdout.Split('\n').ShouldContain(line => line.Contains(property, StringComparison.Ordinal) && line.Contains("FAILED", StringComparison.Ordinal), property);
        }

        // The probe did write beside its workspace, in the check's own scratch folder, which is gone afterwards.
        var written = Regex.Match(result.Stdout, @"a command wrote (\S+)/outside/probe").Groups[1].Value;
        written.ShouldNotBeEmpty();
        Directory.Exists(written).ShouldBeFalse();
    }

    [Fact]
    public async Task Exec_PrintsOutputAndExitsWithTheCommandsStatus()
    {
        var result = await Exec("--", "sh", "-c", "echo hello; echo oops >&2; echo made > file.txt; exit 3");

        result.ExitCode.ShouldBe(3);
        result.Stdout.ShouldBe("hello\n");
        result.Stderr.ShouldBe("oops\n");
        File.ReadAllText(Path.Combine(_ws, "file.txt")).ShouldBe("made\n");
    }

    [Fact]
    public async Task Exec_PastTimeout_Exits124AndSaysSo()
    {
        var result = await Exec("--timeout", "1", "--", "sh", "-c", "while :; do :; done");

        result.ExitCode.ShouldBe(124);
        result.Stderr.ShouldContain("sandbox: killed: the command ran past its 1 s timeout");
    }

    [Fact]
    public async Task Exec_MemoryLimit_KillsAndReports()
    {
        var result = await Exec("--memory", "64", "--", "perl", "-e", "my $x = 'a' x (512 * 1024 * 1024); print qq(done\\n)");

        result.ExitCode.ShouldBe(137);
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldContain("sandbox: killed: out of memory; the limit is 64 MB");
    }

    [Fact]
    public async Task Exec_NetworkOnlyWhenGranted()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var probe = $"use IO::Socket::INET; IO::Socket::INET->new(q(127.0.0.1:{port})) or die qq(no connection: $!\\n); print qq(connected\\n);";

        var closed = await Exec("--", "perl", "-e", probe);
        var open = await Exec("--network", "--", "perl", "-e", probe);

        closed.ExitCode.ShouldNotBe(0);
        closed.Stderr.ShouldContain("no connection: Connection refused");
        open.Stdout.ShouldBe("connected\n");
        open.ExitCode.ShouldBe(0, open.Stderr);
    }

    [Fact]
    public async Task Exec_SandboxNone_WarnsLoudly()
    {
        var result = await Exec("--sandbox", "none", "--", "pwd");

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldBe(_ws + "\n");
        result.Stderr.ShouldContain("WARNING: sandbox 'none'");
    }

    [Fact]
    public async Task Exec_DeniedByPolicy_DoesNotRunAndExplains()
    {
        File.WriteAllText(Path.Combine(_ws, "keep.txt"), "keep");

        var result = await Exec("--", "rm", "-rf", ".");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("error: Refused by policy rule 'delete-workspace'");
        result.Stderr.ShouldContain("hint: the rule comes from built-in");
        File.Exists(Path.Combine(_ws, "keep.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task Exec_ConfirmRule_NeedsApproval()
    {
        var refused = await Exec("--", "sh", "-c", "git reset --hard; echo ran");
        var approved = await Exec("--approve", "destructive-git", "--", "sh", "-c", "git reset --hard 2>/dev/null; echo ran");
        var all = await Exec("--approve-all", "--", "sh", "-c", "git reset --hard 2>/dev/null; echo ran");

        refused.ExitCode.ShouldBe(1);
        refused.Stdout.ShouldBeEmpty();
        refused.Stderr.ShouldContain("needs approval");
        refused.Stderr.ShouldContain("--approve destructive-git");
        approved.Stdout.ShouldBe("ran\n");
        approved.Stderr.ShouldContain("policy: confirm by rule 'destructive-git' (built-in), approved by --approve destructive-git");
        all.Stderr.ShouldContain("approved by --approve-all");
    }

    [Fact]
    public async Task Exec_WorkspacePolicy_OverridesDefaults()
    {
        Directory.CreateDirectory(Path.Combine(_ws, ".leviathan"));
        File.WriteAllText(Path.Combine(_ws, ".leviathan", "policy.yaml"), """
            rules:
              - id: no-python
                action: deny
                tools: [run_command]
                command: ['\bpython3?\b']
                reason: This project has no Python.
            """);

        var result = await Exec("--", "python3", "-c", "print(1)");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("Refused by policy rule 'no-python': This project has no Python.");
    }

    [Fact]
    public async Task Exec_UnknownApproveRule_IsAUsageError()
    {
        var result = await Exec("--approve", "no-such-rule", "--", "true");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--approve names the rule 'no-such-rule'");
    }

    [Fact]
    public async Task Exec_MissingWorkspace_IsAUsageError()
    {
        var result = await _cli.RunAsync("sandbox", "exec", "--workspace", Path.Combine(_cli.Scratch, "nope"), "--", "true");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("does not exist");
    }

    [Fact]
    public async Task Exec_UnknownSandbox_IsAUsageError()
    {
        var result = await Exec("--sandbox", "docker", "--", "true");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("bwrap, podman, none");
    }

    [Fact]
    public async Task Exec_MissingBwrap_FailsWithInstallCommand()
    {
        _cli.Variables["PATH"] = "/nonexistent";

        var result = await Exec("--", "true");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("not installed");
        result.Stderr.ShouldContain("hint: sudo apt-get install -y bubblewrap");
    }

    [Fact]
    public async Task Exec_SandboxNoneAndTheCliIsKilled_EveryProcessTheCommandStartedDies()
    {
        var marker = (Random.Shared.Next(100_000, 999_999) + 6_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "leviathan.dll"), "sandbox", "exec", "--workspace", _ws, "--sandbox", "none", "--", "sh", "-c", $"sleep {marker} & setsid sleep {marker} & wait" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LEVIATHAN_HOME"] = _cli.Home;
        using var cli = System.Diagnostics.Process.Start(start)!;
        try
        {
            // The CLI prints the command's output when it ends: watch the processes instead.
            await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(marker).Count == 2);
            HostProcesses.WithArgument(marker).Count.ShouldBe(2);

            cli.Kill();
            await cli.WaitForExitAsync();

            await HostProcesses.WaitUntilAsync(() => HostProcesses.WithArgument(marker).Count == 0);
            HostProcesses.WithArgument(marker).ShouldBeEmpty();
        }
        finally
        {
            if (!cli.HasExited)
            {
                cli.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Exec_SystemFolderAsWorkspace_IsAUsageError()
    {
        var result = await _cli.RunAsync("sandbox", "exec", "--workspace", "/etc", "--", "true");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'/etc' is a system folder");
    }

    [Fact]
    public async Task Exec_LeviathanHomeIsHiddenFromTheCommand()
    {
        Directory.CreateDirectory(_cli.Home);
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "config.yaml"), "# home-secret-4715\n");

        var result = await Exec("--", "sh", "-c", $"cat '{_cli.Home}/config.yaml'; ls -A '{_cli.Home}'");

        result.Stdout.ShouldNotContain("home-secret-4715");
        result.Stdout.ShouldNotContain("config.yaml");
    }
}
