using Leviathan.Agents.Replay;
using Leviathan.Agents.Team;
using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Models.Probing;
using Leviathan.Models.Profiles;
using Leviathan.Models.Recording;
using Leviathan.Models.Resilience;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Agents.Launching;

/// <summary>A run that is wired and checked but not yet created: what it will run with, for a header, and the way to run it once.</summary>
public sealed class PreparedRun : IDisposable
{
    private readonly RunLaunchOptions _launch;
    private readonly RunRequest _request;
    private readonly ModelClientFactory _factory;
    private readonly Func<string, ModelProfile>? _profiles;
    private readonly Cassette? _cassette;
    private readonly IReadOnlyDictionary<string, ContextWindowResolution>? _windows;
    private readonly ISandbox _sandbox;
    private readonly PolicyGate _gate;
    private int _started;

    internal PreparedRun(
        RunLaunchOptions launch,
        RunRequest request,
        TeamDefinition team,
        TeamOptions options,
        ModelClientFactory factory,
        Func<string, ModelProfile>? profiles,
        Cassette? cassette,
        IReadOnlyDictionary<string, ContextWindowResolution>? windows,
        ISandbox sandbox,
        SandboxOptions sandboxOptions,
        string toolchains,
        PolicyGate gate)
    {
        _launch = launch;
        _request = request;
        Team = team;
        Options = options;
        _factory = factory;
        _profiles = profiles;
        _cassette = cassette;
        _windows = windows;
        _sandbox = sandbox;
        Sandbox = sandboxOptions;
        Toolchains = toolchains;
        _gate = gate;
    }

    /// <summary>The team that will run.</summary>
    public TeamDefinition Team { get; }

    /// <summary>The task and limits as the run will record them (with its profile name).</summary>
    public TeamOptions Options { get; }

    /// <summary>The sandbox the commands will run in.</summary>
    public SandboxOptions Sandbox { get; }

    /// <summary>The toolchains and mounts the sandbox gives the commands, in words.</summary>
    public string Toolchains { get; }

    /// <summary>The effective policy the gate judges every call by.</summary>
    public PolicySet Policy => _gate.Policy;

    /// <summary>The context window of each profile the roles route to and where it came from; empty when no server is asked (replay).</summary>
    public IReadOnlyList<ContextWindowResolution> ContextWindows => _windows is null ? [] : [.. _windows.Values];

    /// <summary>Creates the run in the store and runs it to its end; a prepared run runs once.</summary>
    public async Task<TeamOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("a prepared run runs once; prepare the request again to run it again");
        }

        var ledger = new ModelUsageLedger(Options.Budget);
        var clients = new Dictionary<string, TeamRoleModel>(StringComparer.Ordinal);
        TeamRoleModel ModelFor(string role)
        {
            if (_request.Models is { } given)
            {
                return given(role);
            }

            // The loop asks for one role's model at a time: the cache needs no lock.
            if (!clients.TryGetValue(role, out var model))
            {
                var profile = _profiles!(role);
                profile = _windows?.GetValueOrDefault(profile.Name)?.Profile ?? profile;
                var client = _factory.Create(profile, new ModelClientOptions { Ledger = ledger, Cassette = _cassette, Resilience = ModelResilienceOptions.For(profile) with { OnRetry = _request.OnRetry } });
                model = clients[role] = new TeamRoleModel(
                    _request.Resume is { } events ? new TraceReplayChatClient(events, role, client) : client, profile.Name, profile.ContextWindow)
                {
                    // Context trimming counts with the profile's tokenizer where one is known, else the estimate.
                    TokenCounter = TokenCounters.For(profile),
                    Vision = profile.Capabilities.HasFlag(Leviathan.Models.Profiles.ModelCapabilities.Vision),
                };
            }

            return model;
        }

        // Disposed with the run: a verification sandbox made ahead and never used goes with it.
        var commands = new SandboxCommandRunner(_sandbox, Options.Workspace);
        await using var _ = commands.ConfigureAwait(false);
        var runner = new TeamRunner(
            new TeamDependencies
            {
                Store = _launch.Store,
                Models = ModelFor,
                Commands = commands,
                Gate = _gate,
                Ledger = ledger,
                Home = _launch.Home,
                Time = _launch.Time,
                Progress = _request.Progress,
                Snapshots = _request.Snapshots,
            },
            Team);
        return await runner.RunAsync(Options, _request.OnCreated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the model clients' connections.</summary>
    public void Dispose() => _factory.Dispose();
}
