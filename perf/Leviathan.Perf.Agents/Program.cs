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

// Orchestration overhead per agent step: a zero-latency in-process model, real policy gate, stuck detection, context
// estimation, and trace writes to SQLite made durable at the end of every step.
//   (no argument) "step":  the software team's engineer calls a no-op tool (todo_read).
//   "physics":             a physics engineer with a vision model calls simulate, whose result is canned (no MuJoCo): the
//                          per-start text, the 11-start evaluation report as structured JSON recorded in the trace, and a
//                          five-frame filmstrip attached as images, old images replaced every step.
const int Steps = 600;
const int Warmup = 100;
var physics = args.Length > 0 && args[0] == "physics";
var root = Directory.CreateTempSubdirectory("leviathan-perf-agents").FullName;
try
{
    var workspace = Directory.CreateDirectory(Path.Combine(root, "ws")).FullName;
    await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = Path.Combine(root, "home") }, TimeProvider.System);
    var stamps = new List<long>();
    var ledger = new ModelUsageLedger();
    var team = physics ? PhysicsStepTeam() : null;
    var dependencies = new TeamDependencies
    {
        Store = store,
        Models = role => new TeamRoleModel(new ScriptedChatClient(role == TeamRoles.Planner, physics ? "simulate" : "todo_read"), "bench", 1_000_000_000) { Vision = physics },
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
    };
    var runner = team is null ? new TeamRunner(dependencies) : new TeamRunner(dependencies, team);
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
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(physics ? "physics step" : "agent step")} overhead ({perStep.Count} steps after {Warmup} warm-up, run ended {outcome.Status.ToName()}):"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  p50 {Percentile(0.50):0.000} ms   p90 {Percentile(0.90):0.000} ms   p99 {Percentile(0.99):0.000} ms   max {perStep[^1]:0.000} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  garbage collections: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalMilliseconds:0.0} ms, allocated {GC.GetTotalAllocatedBytes() / 1e6:0.0} MB"));
    Console.WriteLine(physics
        ? "  target: p50 <= 1 ms (tool time excluded: simulate is canned; structured result and image handling included)"
        : "  targets: p50 <= 1 ms, p99 <= 5 ms (trace writes included)");
}
finally
{
    Directory.Delete(root, recursive: true);
}

// The physics team's shape (planner, engineer with the simulate tool, reviewer) with a canned simulate.
static TeamDefinition PhysicsStepTeam()
{
    var simulate = new CannedSimulateTool(Path.Combine(AppContext.BaseDirectory, "simulate-report.json"));
    return new TeamDefinition
    {
        Name = "physics-perf",
        Planner = new TeamRole(TeamRoles.Planner, PromptLibrary.Planner, static run => [run.Control.TodoWrite()]),
        Worker = new TeamRole(TeamRoles.Engineer, PromptLibrary.Engineer, run => [simulate, run.Control.TodoRead(), run.Control.TodoWrite(), run.Control.Finish(), run.Control.RefusePlan()]),
        Reviewer = new TeamRole("reviewer", PromptLibrary.Critic, static run => [run.Control.Verdict()]),
        Verifier = new UnusedVerifier(),
        ReviewMaterial = static (_, _) => Task.FromResult("unused"),
    };
}
