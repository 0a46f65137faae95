using System.Text.Json;
using Leviathan.Agents.Team;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Models.Profiles;
using Leviathan.Models.ToolCalls;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Workspace;

namespace Leviathan.Agents.Tests;

/// <summary>
/// A team run against the fake OpenAI server, in a real bubblewrap sandbox, recorded in a real SQLite trace store.
/// The workspace holds a tiny Python project whose test fails until add() is fixed.
/// </summary>
internal sealed class TeamHarness : IAsyncDisposable
{
    public const string BrokenCalc = "def add(a, b):\n    return a - b\n";
    public const string FixedCalc = "def add(a, b):\n    return a + b\n";
    public const string Verify = "python3 -B test_calc.py";

    private readonly TempDirectory _temp = new("leviathan-agents");
    private readonly ModelClientFactory _factory = new();

    private TeamHarness(FakeOpenAiServer server)
    {
        Server = server;
        Directory.CreateDirectory(Workspace);
        File.WriteAllText(Path.Combine(Workspace, "calc.py"), BrokenCalc);
        File.WriteAllText(
            Path.Combine(Workspace, "test_calc.py"),
            "import sys\nfrom calc import add\nif add(2, 3) != 5:\n    print('FAIL: add(2, 3) returned', add(2, 3))\n    sys.exit(1)\nprint('OK: add works')\n");
    }

    public FakeOpenAiServer Server { get; }

    public TraceStore Store { get; private set; } = null!;

    public string Workspace => _temp.Combine("workspace");

    public string Home => _temp.Combine("home");

    /// <summary>A folder beside the workspace and the home, standing for the rest of the host.</summary>
    public string Outside => _temp.Combine("outside");

    public List<TeamProgress> Progress { get; } = [];

    /// <summary>Where Leviathan keeps its state about the workspace (snapshots, TODO copy), under the home.</summary>
    public WorkspaceStateFolder State => WorkspaceStateFolder.For(Home, Workspace);

    public static async Task<TeamHarness> StartAsync()
    {
        var harness = new TeamHarness(await FakeOpenAiServer.StartAsync());
        harness.Store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = harness.Home }, TimeProvider.System);
        return harness;
    }

    public ModelProfile Profile(int contextWindow = 32_768, ToolCallMode toolCalls = ToolCallMode.Auto) => new(
        "default", Server.BaseUrl, "fake-model", null, contextWindow, 1m, 2m, ModelCapabilities.ToolCalls, TimeSpan.FromSeconds(30)) { ToolCalls = toolCalls };

    public async Task<TeamOutcome> RunAsync(
        string goal = "Make the test in test_calc.py pass.",
        string? verify = Verify,
        RunBudget? budget = null,
        int contextWindow = 32_768,
        int recheckEvery = 0,
        TimeProvider? time = null,
        string? workspace = null,
        ToolCallMode toolCalls = ToolCallMode.Auto,
        TeamDefinition? definition = null,
        CancellationToken cancellationToken = default)
    {
        budget ??= RunBudget.Unlimited;
        var ledger = new ModelUsageLedger(budget);
        var profile = Profile(contextWindow, toolCalls);
        var client = _factory.Create(profile, new ModelClientOptions { Ledger = ledger });
        // Disposed with the run, as the run launcher does: a verification sandbox made ahead and never used goes with it.
        await using var commands = new SandboxCommandRunner(SandboxFactory.Create(new SandboxOptions()), Workspace);
        var dependencies = new TeamDependencies
        {
            Store = Store,
            Models = _ => new TeamRoleModel(client, profile.Name, profile.ContextWindow),
            Commands = commands,
            Gate = new PolicyGate(PolicySet.Defaults(), new RefusingApprover()),
            Ledger = ledger,
            Home = Home,
            Progress = Progress.Add,
            Time = time ?? TimeProvider.System,
        };
        var runner = definition is null ? new TeamRunner(dependencies) : new TeamRunner(dependencies, definition);
        return await runner.RunAsync(
            new TeamOptions { Goal = goal, Workspace = workspace ?? Workspace, VerifyCommand = verify, Budget = budget, ModelProfile = profile.Name, PlannerRecheckEvery = recheckEvery },
            cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<TraceEvent>> EventsAsync(Guid runId) => await Store.ReadEventsAsync(runId);

    public static JsonElement Payload(TraceEvent e) => JsonDocument.Parse(e.PayloadJson).RootElement;

    /// <summary>The planner's plan, the engineer fixing calc.py, finish, and the critic accepting.</summary>
    public static FakeReply[] Plan() =>
    [
        FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add() in calc.py so that test_calc.py passes", status = "pending" } } }),
    ];

    public static FakeReply WriteFixed() => FakeReply.ToolCall("write_file", new { path = "calc.py", content = FixedCalc });

    public static FakeReply Finish() => FakeReply.ToolCall("finish", new { summary = "add() now adds." });

    public static FakeReply Accept() => FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "add() is fixed and the test passes" } });

    public string ReadWorkspace(string file) => File.ReadAllText(Path.Combine(Workspace, file));

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Server.DisposeAsync();
        _factory.Dispose();
        _temp.Dispose();
    }
}
