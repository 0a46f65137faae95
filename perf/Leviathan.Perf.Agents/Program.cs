using System.Diagnostics;
using System.Globalization;
using Leviathan.Agents.Prompts;
using Leviathan.Agents.Team;
using Leviathan.Core.Runs;
using Leviathan.Models.Accounting;
using Leviathan.Perf.Agents;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Sandbox;

// Orchestration overhead per agent step: a zero-latency in-process model, a no-op tool (todo_read), real policy gate,
// stuck detection, context estimation, and trace writes to SQLite made durable at the end of every step.
const int Steps = 600;
const int Warmup = 100;
var root = Directory.CreateTempSubdirectory("leviathan-perf-agents").FullName;
try
{
    var workspace = Directory.CreateDirectory(Path.Combine(root, "ws")).FullName;
    await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = Path.Combine(root, "home") }, TimeProvider.System);
    var stamps = new List<long>();
    var ledger = new ModelUsageLedger();
    var runner = new TeamRunner(new TeamDependencies
    {
        Store = store,
        Models = role => new TeamRoleModel(new ScriptedChatClient(role == TeamRoles.Planner), "bench", 1_000_000_000),
        Commands = new SandboxCommandRunner(SandboxFactory.Create(new SandboxOptions { Kind = SandboxKind.None }), workspace),
        Gate = new PolicyGate(PolicySet.Defaults(), new RefusingApprover()),
        Ledger = ledger,
        Home = Path.Combine(root, "home"),
        Snapshots = false,
        Progress = p =>
        {
            if (p.Role == TeamRoles.Engineer && p.Note == "thinking")
            {
                stamps.Add(Stopwatch.GetTimestamp());
            }
        },
    });
    var outcome = await runner.RunAsync(new TeamOptions
    {
        Goal = "benchmark",
        Workspace = workspace,
        Budget = new RunBudget(MaxSteps: Steps + 1),
        StuckThreshold = int.MaxValue,
        PlannerRecheckEvery = 0,
    });
    var perStep = stamps.Zip(stamps.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).Skip(Warmup).Order().ToList();
    double Percentile(double p) => perStep[(int)Math.Min(perStep.Count - 1, Math.Ceiling(p * perStep.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"agent step overhead ({perStep.Count} steps after {Warmup} warm-up, run ended {outcome.Status.ToName()}):"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  p50 {Percentile(0.50):0.000} ms   p90 {Percentile(0.90):0.000} ms   p99 {Percentile(0.99):0.000} ms   max {perStep[^1]:0.000} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  garbage collections: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalMilliseconds:0.0} ms, allocated {GC.GetTotalAllocatedBytes() / 1e6:0.0} MB"));
    Console.WriteLine("  targets: p50 <= 1 ms, p99 <= 5 ms (trace writes included)");
}
finally
{
    Directory.Delete(root, recursive: true);
}
