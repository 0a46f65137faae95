using System.Text.Json.Nodes;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Tools.Tests;

public sealed class SandboxPodmanSeccompProfileTests
{
    private const string DefaultProfile = """
{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,"syscalls":[
 {"names":["read","chmod","openat","ptrace","unshare","io_uring_setup","setns"],"action":"SCMP_ACT_ALLOW","args":[]},
 {"names":["chmod"],"action":"SCMP_ACT_ALLOW","args":[],"includes":{"caps":["CAP_FOWNER"]}},
 {"names":["kexec_load"],"action":"SCMP_ACT_ERRNO","args":[]}]}
""";

    [Fact]
    public void Build_RestrictedCalls_AreNeverAllowedUnconditionally()
    {
        var rules = JsonNode.Parse(PodmanSeccompProfile.Build(DefaultProfile))!["syscalls"]!.AsArray().Select(r => r!.AsObject()).ToList();

        var unconditional = rules
            .Where(r => (string?)r["action"] == "SCMP_ACT_ALLOW" && (r["args"] is not JsonArray args || args.Count == 0))
            .SelectMany(r => r["names"]!.AsArray().Select(n => (string)n!))
            .ToList();
        unconditional.ShouldBe(["read"]);
        rules.ShouldContain(r => (string?)r["action"] == "SCMP_ACT_ERRNO" && (string?)r["names"]![0] == "kexec_load");
    }

    [Fact]
    public void Build_SetuidModesAndPtraceAttach_AreRefusedWithEperm()
    {
        var rules = JsonNode.Parse(PodmanSeccompProfile.Build(DefaultProfile))!["syscalls"]!.AsArray().Select(r => r!.AsObject()).ToList();

        bool Refused(string name, int index, long value) => rules.Any(r =>
            (string?)r["action"] == "SCMP_ACT_ERRNO" && (int?)r["errnoRet"] == 1 && (string?)r["names"]![0] == name
            && r["args"]!.AsArray().Any(a => (int)a!["index"]! == index && (long)a["valueTwo"]! == value || (string?)a!["op"] == "SCMP_CMP_EQ" && (long)a["value"]! == value));

        Refused("chmod", 1, 0x800).ShouldBeTrue();
        Refused("chmod", 1, 0x400).ShouldBeTrue();
        Refused("fchmodat2", 2, 0x800).ShouldBeTrue();
        Refused("openat", 3, 0x800).ShouldBeTrue();
        Refused("ptrace", 0, 16).ShouldBeTrue();
        Refused("ptrace", 0, 0x4206).ShouldBeTrue();
        Refused("unshare", 0, 0x10000000).ShouldBeTrue();
    }
}
