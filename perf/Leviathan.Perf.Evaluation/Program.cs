using System.Diagnostics;
using System.Globalization;
using Leviathan.Agents.Launching;
using Leviathan.Agents.Team;
using Leviathan.Core.Runs;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Running;
using Leviathan.Evaluation.Suites;
using Leviathan.Perf.Evaluation;
using Leviathan.Persistence;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Tracing;
using Leviathan.Tools.Sandbox;

// Evaluation harness figures, with the real run launcher, bubblewrap, SQLite and judge:
//   overhead  — per attempt, the harness's time beyond the run itself (zero-latency scripted model, trivial task; the judge runs beside the next run)
//   scale     — 200 tasks, a 1 s scripted model, --parallel 100: wall time against the ideal, and peak memory
// Both print first what this machine charges for a page fault, a process start and a new file or folder (MachineGauge): figures
// from two machines, or from two moments of one, compare only beside those.
// scale also prints where the runs' time went: each phase between model calls per wave of runs (w1, w2: mean, p90, max over
// the wave's runs), the marks of the longest chain (the first wave's run that ended last, and the run that ended last of all),
// when the runs started and ended, thread-pool samples, how busy the cores were in each 250 ms, the judge's commands (how
// many ended after the last run, and when the last did: the evaluation's tail), and the CPU split between this process and
// its sandboxes.
// Usage: dotnet run -c Release --project perf/Leviathan.Perf.Evaluation -- [overhead|scale|all|clean] [attempts] [no-snapshots] [delete] [no-jit-profile] [no-cgroups] [tasks=200] [parallel=100] [judges=N]
// Each run's suites, workspaces and trace stores are kept (their folder is printed); "clean" deletes every kept folder, and
// "delete" deletes the run's own at its end. Not by default: on an ext4 file system without a journal (this machine's) the
// kernel will not reuse an inode freed in the last minutes, and scans past every such inode each time it creates a file or a
// folder near them. A run started minutes after deleting the previous run's thousands of files paid for that scan in every
// workspace, snapshot and state folder it made: up to half of the CPU of the first wave's start-up here. The machine line
// shows what a new file costs at the moment; clean up when no figure is being taken.
// (tasks= and parallel= change the scale mode's 200 tasks at --parallel 100, e.g. to see how the overhead grows with the wave)
// That build JIT-compiles everything it runs. Users run the ReadyToRun publish of scripts/setup.sh (artifacts/leviathan),
// which starts from precompiled code; to measure what they get, publish the harness the same way and run the publish:
//   dotnet publish perf/Leviathan.Perf.Evaluation -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
//     -p:ErrorOnDuplicatePublishOutputFiles=false --artifacts-path artifacts/perf-build -o artifacts/perf-evaluation
//   dotnet artifacts/perf-evaluation/Leviathan.Perf.Evaluation.dll scale
// The first line of the output says which build ran, and the JIT settings given through DOTNET_* variables (e.g. DOTNET_TieredPGO=0).
// As `leviathan eval run` does, the harness starts the runtime's multi-core JIT profile (EvaluationSetup.StartJitProfile) in a
// home of its own beside the build (one per mode), once the suite is loaded as eval run does, so a run plays what the previous
// run of the same build and mode compiled; a line before the figures says whether it did. "no-jit-profile" measures without it.
var mode = args.Length > 0 ? args[0] : "all";
var attempts = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var given) ? given : 30;
var scaleTasks = Setting("tasks=", 200);
var scaleParallel = Setting("parallel=", 100);
// judges= bounds the judgements at once as --judges does (default: the lesser of the runs at once and the cores).
int? scaleJudges = Setting("judges=", 0) is > 0 and var bound ? bound : null;
var snapshots = !args.Contains("no-snapshots");
var delete = args.Contains("delete");
// "no-cgroups" is a measurement only: the sandboxes without their cgroup limits, to see what the cgroups cost on the timeline.
var cgroups = !args.Contains("no-cgroups");
// One profile home per mode: an overhead run, which compiles less, would otherwise leave scale its thinner profile.
var jitHome = args.Contains("no-jit-profile") ? null : Path.Combine(AppContext.BaseDirectory, $"perf-evaluation-home-{mode}");
// Not under /tmp: the sandbox gives commands a private /tmp.
var kept = Path.Combine(AppContext.BaseDirectory, "perf-evaluation");
if (mode == "clean")
{
    var folders = Directory.Exists(kept) ? Directory.GetDirectories(kept) : [];
    foreach (var folder in folders)
    {
        Directory.Delete(folder, recursive: true);
    }

    Console.WriteLine($"deleted {folders.Length} kept folder(s) under {kept}");
    return;
}

var root = Path.Combine(kept, Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(root);
Console.WriteLine(BuildDescription.Describe());
Console.WriteLine(MachineGauge.Describe(root));
try
{
    if (mode is "overhead" or "all")
    {
        await OverheadAsync(root, attempts, snapshots, jitHome);
    }

    if (mode is "scale" or "all")
    {
        // One profile per process: under "all" the overhead mode started it.
        await ScaleAsync(root, scaleTasks, scaleParallel, scaleJudges, TimeSpan.FromSeconds(1), snapshots, mode is "scale" ? jitHome : null, cgroups);
    }
}
finally
{
    if (delete)
    {
        Directory.Delete(root, recursive: true);
    }
    else
    {
        Console.WriteLine($"kept: {root} ('clean' deletes the kept folders; see the usage above about when)");
    }
}

int Setting(string prefix, int fallback) =>
    args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } arg ? int.Parse(arg[prefix.Length..], CultureInfo.InvariantCulture) : fallback;

static async Task OverheadAsync(string root, int attempts, bool snapshots, string? jitHome)
{
    var (suite, launcher, judge, evaluations, store) = await SetUpAsync(Path.Combine(root, "overhead"), attempts, TimeSpan.Zero, snapshots, jitHome);
    await using (store)
    {
        var runner = new EvaluationRunner(new EvaluationDependencies { Launcher = launcher, JudgeRunner = judge.Runner, Store = evaluations });
        // A warm-up evaluation first: the one-time costs (JIT, the store's model, the first sandbox) are not per attempt.
        await new EvaluationRunner(new EvaluationDependencies { Launcher = launcher, JudgeRunner = judge.Runner, Store = evaluations })
            .RunAsync(new EvaluationPlan { Suite = suite, Configurations = [EvaluationConfiguration.Default], OutDir = Path.Combine(root, "overhead", "warm-up"), TaskGlob = "task-00*" }, CancellationToken.None);
        var plan = new EvaluationPlan { Suite = suite, Configurations = [EvaluationConfiguration.Default], OutDir = Path.Combine(root, "overhead", "out"), Parallel = 1 };
        var inRunsBefore = launcher.InRuns;
        var cpuBefore = CpuSeconds();
        using var tree = TreeCpu.Start();
        var treeBefore = tree.Seconds;
        var start = Stopwatch.GetTimestamp();
        var outcome = await runner.RunAsync(plan, CancellationToken.None);
        var total = Stopwatch.GetElapsedTime(start);
        var cpu = CpuSeconds() - cpuBefore;
        var treeCpu = tree.Seconds - treeBefore;
        var inRuns = launcher.InRuns - inRunsBefore;
        var judgeSeconds = outcome.Results.Sum(r => r.JudgeSeconds);
        var beyond = (total - inRuns).TotalMilliseconds / attempts;
        var wholeTree = treeCpu is { } whole ? string.Create(CultureInfo.InvariantCulture, $", {whole * 1000 / attempts:0.0} ms for the whole process tree") : string.Empty;
        // A run's slot goes to the next attempt when the run ends, so each judgement runs beside the next run: the judge's
        // time is no longer a part of the wall time beyond the runs, only what it does not hide behind a run.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overhead: {attempts} attempts one at a time in {total.TotalSeconds:0.00} s; runs themselves {inRuns.TotalMilliseconds / attempts:0.0} ms each; " +
            $"harness beyond the run {beyond:0.0} ms per attempt (the evaluation's wall time less its runs'; workspace copy, hidden tests, results line, store, and what the judge does not hide behind the next run); " +
            $"the judge (one sandboxed test) {judgeSeconds * 1000 / attempts:0.0} ms per attempt, beside the next run; " +
            $"resolved {outcome.Results.Count(r => r.Succeeded)}/{outcome.Results.Count}; CPU {cpu * 1000 / attempts:0.0} ms per attempt (user+sys, with waited-for child processes){wholeTree}"));
    }
}

static async Task ScaleAsync(string root, int tasks, int parallel, int? judges, TimeSpan latency, bool snapshots, string? jitHome, bool cgroups)
{
    var (suite, launcher, judge, evaluations, store) = await SetUpAsync(Path.Combine(root, "scale"), tasks, latency, snapshots, jitHome, cgroups);
    await using (store)
    {
        var runner = new EvaluationRunner(new EvaluationDependencies { Launcher = launcher, JudgeRunner = judge.Runner, Store = evaluations });
        var plan = new EvaluationPlan { Suite = suite, Configurations = [EvaluationConfiguration.Default], OutDir = Path.Combine(root, "scale", "out"), Parallel = parallel, Judges = judges };
        var cpuBefore = CpuSeconds();
        var splitBefore = CpuSplit();
        var turnsBefore = store.WriteTurns;
        var groupsBefore = store.GroupsCommitted;
        var busyBefore = store.GroupWriterBusy;
        var writtenBefore = BytesWritten();
        using var tree = TreeCpu.Start();
        var treeBefore = tree.Seconds;
        launcher.Timeline.Start(parallel);
        var start = Stopwatch.GetTimestamp();
        EvaluationOutcome outcome;
        using (var sampler = new ThreadPoolSampler(() => tree.Seconds))
        {
            outcome = await runner.RunAsync(plan, CancellationToken.None);
            sampler.Print();
        }

        var total = Stopwatch.GetElapsedTime(start);
        var cpu = CpuSeconds() - cpuBefore;
        var treeCpu = tree.Seconds - treeBefore;
        var splitAfter = CpuSplit();
        var turns = store.WriteTurns - turnsBefore;
        var groups = store.GroupsCommitted - groupsBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  store: {turns} write transactions (SQLite write turns), {(double)turns / tasks:0.0} per run; {groups} of them groups of the group writer, which wrote for {(store.GroupWriterBusy - busyBefore).TotalSeconds:0.00} s in all; " +
            $"this process wrote {(BytesWritten() - writtenBefore) / (1024.0 * 1024):0} MiB to files (the database and its WAL, workspaces, results)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU per run: this process {(splitAfter.Self - splitBefore.Self) * 1000 / tasks:0} ms (user {(splitAfter.User - splitBefore.User) * 1000 / tasks:0}, system {(splitAfter.System - splitBefore.System) * 1000 / tasks:0}), child processes (sandboxes) {(splitAfter.Children - splitBefore.Children) * 1000 / tasks:0} ms; " +
            $"the whole process tree, with what the sandboxes' own init processes spend (cpuacct): {(treeCpu is { } all ? (all * 1000 / tasks).ToString("0", CultureInfo.InvariantCulture) + " ms" : "not measurable here (no writable cpuacct cgroup)")}"));
        launcher.Timeline.Print(parallel);
        judge.Print(launcher.Timeline.Origin, launcher.Timeline.LastEnd);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the evaluation returned {total.TotalSeconds - (double)(launcher.Timeline.LastEnd - launcher.Timeline.Origin) / Stopwatch.Frequency:0.000} s after its last run ended"));
        // Three model calls in a row per run, and ceil(tasks / parallel) waves of runs.
        var ideal = latency * 3 * Math.Ceiling((double)tasks / parallel);
        if (treeCpu is { } used)
        {
            // However the work were spread over the model calls' waits, the cores cannot do it in less time than this.
            var floor = used / Environment.ProcessorCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU floor: the process tree's {used:0.00} s of CPU over {Environment.ProcessorCount} cores take at least {floor:0.00} s, {floor / ideal.TotalSeconds:0.00}× the ideal, however they are spread"));
        }

        using var self = Process.GetCurrentProcess();
        var wholeTree = treeCpu is { } whole
            ? string.Create(CultureInfo.InvariantCulture, $", {whole:0.00} s for the whole process tree ({whole * 1000 / tasks:0} ms per run; the load-independent figure)")
            : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scale{(snapshots ? string.Empty : " (no workspace snapshots)")}: {tasks} tasks, {latency.TotalSeconds:0.#} s per model call, --parallel {parallel} (judgements at most {plan.JudgesAtOnce} at once): {total.TotalSeconds:0.00} s against an ideal of {ideal.TotalSeconds:0.00} s ({total / ideal:0.00}×); " +
            $"peak working set {self.PeakWorkingSet64 / (1024.0 * 1024):0} MiB; resolved {outcome.Results.Count(r => r.Succeeded)}/{outcome.Results.Count}, infrastructure {outcome.Results.Count(r => r.FailureCategory == FailureCategory.Infrastructure)}; " +
            $"CPU {cpu:0.00} s user+sys with waited-for child processes ({cpu * 1000 / tasks:0} ms per run){wholeTree}"));
    }
}

static async Task<(SoftwareSuite Suite, TimedLauncher Launcher, TimedJudge Judge, EvaluationStore Evaluations, TraceStore Store)> SetUpAsync(
    string folder, int tasks, TimeSpan latency, bool snapshots, string? jitHome, bool cgroups = true)
{
    var pack = Path.Combine(folder, "pack");
    Directory.CreateDirectory(pack);
    File.WriteAllText(Path.Combine(pack, "suite.yaml"), "id: trivial\njudge:\n  command: test -f {test}\n  timeout_seconds: 30\n");
    for (var i = 0; i < tasks; i++)
    {
        var task = Path.Combine(pack, string.Create(CultureInfo.InvariantCulture, $"task-{i:000}"));
        Directory.CreateDirectory(Path.Combine(task, "repo"));
        Directory.CreateDirectory(Path.Combine(task, "hidden"));
        File.WriteAllText(Path.Combine(task, "repo", "README"), "nothing to do\n");
        File.WriteAllText(Path.Combine(task, "hidden", "check"), "present\n");
        File.WriteAllText(Path.Combine(task, "task.yaml"), string.Create(CultureInfo.InvariantCulture,
            $"id: task-{i:000}\ngoal: Task {i:000}. Nothing needs changing; finish.\nverify: \"true\"\njudge:\n  fail_to_pass: [check]\n"));
    }

    var suite = SuiteLoader.Load(pack);
    if (jitHome is not null)
    {
        Console.WriteLine(EvaluationSetup.StartJitProfile(jitHome)
            ? $"JIT profile: playing what the previous run compiled ({EvaluationSetup.JitProfile(jitHome)})"
            : $"JIT profile: none yet, recording one for the next run ({EvaluationSetup.JitProfile(jitHome)})");
    }

    var home = Path.Combine(folder, "home");
    var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, TimeProvider.System);
    var template = new RunRequest
    {
        Options = new TeamOptions { Goal = "(per task)", Workspace = folder },
        Models = role => new TeamRoleModel(new ScriptedRoleClient(role, latency), "scripted", 128_000),
        Sandbox = new SandboxOptions { Cgroups = cgroups },
        Snapshots = snapshots,
    };
    var launcher = new TimedLauncher(new TeamAttemptLauncher(new RunLauncher(new RunLaunchOptions { Home = home, Store = store }), template, RunBudget.Unlimited));
    // The evaluation harness's own cache of the judge's sandboxes, as eval run and the service use it.
    var judges = new TimedJudge(new JudgeSandboxes(new SandboxOptions { Cgroups = cgroups }).Runner);
    return (suite, launcher, judges, new EvaluationStore(store, TimeProvider.System), store);
}

// Bytes this process has written through write() calls (wchar of /proc/self/io): the database and its WAL, workspace copies, results.
static long BytesWritten() =>
    long.Parse(File.ReadLines("/proc/self/io").First(l => l.StartsWith("wchar:", StringComparison.Ordinal))["wchar:".Length..].Trim(), CultureInfo.InvariantCulture);

// user+sys of this process and of its waited-for children (git, sandboxes), from /proc/self/stat, in seconds.
static double CpuSeconds() => CpuSplit().Self + CpuSplit().Children;

// user+sys of this process (and apart: user, system), and of its waited-for children, in seconds.
static (double Self, double Children, double User, double System) CpuSplit()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    // After the command name: state is field 3, so utime (14) .. cstime (17) sit at indexes 11..14.
    var ticks = fields[11..15].Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
    return ((ticks[0] + ticks[1]) / 100.0, (ticks[2] + ticks[3]) / 100.0, ticks[0] / 100.0, ticks[1] / 100.0);
}
