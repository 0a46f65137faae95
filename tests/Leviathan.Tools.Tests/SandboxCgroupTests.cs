using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Sandbox.Cgroups;
using Leviathan.Testing;

namespace Leviathan.Tools.Tests;

public sealed class SandboxCgroupTests
{
    private const string HybridMounts = """
        tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
        cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,relatime,cpu,cpuacct 0 0
        cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
        cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0
        cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
        """;

    private const string HybridSelf = """
        8:pids:/
        4:memory:/agents/run-7
        1:cpu,cpuacct:/
        0::/
        """;

    [Fact]
    public void Parse_V1Hybrid_UsesEachControllersHierarchyUnderOwnCgroup()
    {
        var layout = CgroupLayout.Parse(HybridMounts, HybridSelf, parentOverride: null);

        layout.Version.ShouldBe(CgroupVersion.V1);
        layout.Parents["memory"].ShouldBe("/sys/fs/cgroup/memory/agents/run-7");
        layout.Parents["cpu"].ShouldBe("/sys/fs/cgroup/cpu,cpuacct");
        layout.Parents["pids"].ShouldBe("/sys/fs/cgroup/pids");
    }

    [Fact]
    public void Plan_V1_WritesLimitsIntoEachController()
    {
        var layout = CgroupLayout.Parse(HybridMounts, HybridSelf, parentOverride: null);

        var plan = CgroupPlan.For(layout, "leviathan-x", new SandboxLimits { MemoryBytes = 256L << 20, Cpus = 1.5, MaxProcesses = 64 });

        plan.Writes.Select(w => (w.File, w.Value)).ShouldBe(
        [
            ("/sys/fs/cgroup/memory/agents/run-7/leviathan-x/memory.limit_in_bytes", "268435456"),
            ("/sys/fs/cgroup/memory/agents/run-7/leviathan-x/memory.memsw.limit_in_bytes", "268435456"),
            ("/sys/fs/cgroup/cpu,cpuacct/leviathan-x/cpu.cfs_period_us", "100000"),
            ("/sys/fs/cgroup/cpu,cpuacct/leviathan-x/cpu.cfs_quota_us", "150000"),
            ("/sys/fs/cgroup/pids/leviathan-x/pids.max", "64"),
        ]);
        plan.ProcsFiles.Count.ShouldBe(3);
        plan.PidsDirectory.ShouldBe("/sys/fs/cgroup/pids/leviathan-x");
        // The launcher moves itself through the tasks files, the move that skips the kernel's global thread-group lock.
        plan.JoinFiles.ShouldBe(
        [
            "/sys/fs/cgroup/memory/agents/run-7/leviathan-x/tasks",
            "/sys/fs/cgroup/cpu,cpuacct/leviathan-x/tasks",
            "/sys/fs/cgroup/pids/leviathan-x/tasks",
        ]);
    }

    [Fact]
    public void Parse_V2_UsesUnifiedHierarchyAndWritesV2Files()
    {
        using var root = new TempDirectory("cgroup2");
        File.WriteAllText(Path.Combine(root.Path, "cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma\n");
        var mounts = $"cgroup2 {root.Path} cgroup2 rw,nosuid,nodev,noexec,relatime 0 0\n";

        var layout = CgroupLayout.Parse(mounts, "0::/user.slice/agent.scope\n", parentOverride: null);
        var plan = CgroupPlan.For(layout, "leviathan-y", new SandboxLimits { MemoryBytes = 512L << 20, Cpus = 2, MaxProcesses = 100 });

        layout.Version.ShouldBe(CgroupVersion.V2);
        var dir = Path.Combine(root.Path, "user.slice/agent.scope/leviathan-y");
        plan.Directories.ShouldBe([dir]);
        plan.Writes.Select(w => (Path.GetFileName(w.File), w.Value)).ShouldBe(
        [
            ("memory.max", "536870912"),
            ("memory.swap.max", "0"),
            ("cpu.max", "200000 100000"),
            ("pids.max", "100"),
        ]);
        plan.ProcsFiles.ShouldBe([Path.Combine(dir, "cgroup.procs")]);
        plan.JoinFiles.ShouldBe([Path.Combine(dir, "cgroup.procs")]);
    }

    [Fact]
    public void Parse_V2WithoutPidsController_FailsNamingIt()
    {
        using var root = new TempDirectory("cgroup2");
        File.WriteAllText(Path.Combine(root.Path, "cgroup.controllers"), "cpu memory\n");

        var ex = Should.Throw<SandboxUnavailableException>(
            () => CgroupLayout.Parse($"cgroup2 {root.Path} cgroup2 rw 0 0\n", "0::/\n", parentOverride: null));

        ex.Message.ShouldContain("lacks the pids controller");
        ex.Hint.ShouldContain("sandbox.cgroups: false");
    }

    [Fact]
    public void Parse_NoCgroups_FailsWithHint()
    {
        var ex = Should.Throw<SandboxUnavailableException>(
            () => CgroupLayout.Parse("proc /proc proc rw 0 0\n", "", parentOverride: null));

        ex.Message.ShouldContain("memory, cpu and pids controllers");
    }

    [Fact]
    public void Parse_ParentOverride_ReplacesOwnCgroup()
    {
        var layout = CgroupLayout.Parse(HybridMounts, HybridSelf, parentOverride: "/leviathan");

        layout.Parents["memory"].ShouldBe("/sys/fs/cgroup/memory/leviathan");
        layout.Parents["pids"].ShouldBe("/sys/fs/cgroup/pids/leviathan");
    }

    [Fact]
    public void Detect_ThisMachine_FindsAllControllers()
    {
        var layout = CgroupLayout.Detect(parentOverride: null);

        foreach (var controller in CgroupLayout.Controllers)
        {
            Directory.Exists(layout.Parents[controller]).ShouldBeTrue(controller);
        }
    }
}
