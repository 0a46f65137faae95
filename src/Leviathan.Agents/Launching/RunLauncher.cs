using System.Text.Json.Nodes;
using Leviathan.Agents.Software;
using Leviathan.Agents.Team;
using Leviathan.Models.Building;
using Leviathan.Models.Probing;
using Leviathan.Models.Profiles;
using Leviathan.Models.Recording;
using Leviathan.Models.ToolCalls;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Sandbox.Toolchains;
using Leviathan.Tools.Workspace;

namespace Leviathan.Agents.Launching;

/// <summary>
/// The one way to launch a run: wires the roles' model clients (profiles, cassettes, context windows, the run's ledger and
/// budget), the sandbox, the policy gate and the store, then runs the team. The command line, the HTTP service and the
/// evaluation harness all launch through it. It holds no state of its own: runs may be launched from several threads at
/// once, each with its own workspace.
/// </summary>
public sealed class RunLauncher
{
    /// <summary>The profile name recorded on runs whose models are given (<see cref="RunRequest.Models"/>).</summary>
    public const string GivenModelsProfile = "replay";

    /// <summary>The profile name recorded on runs served from a cassette.</summary>
    public const string CassetteProfile = "cassette";

    private readonly RunLaunchOptions _options;

    public RunLauncher(RunLaunchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Home);
        ArgumentNullException.ThrowIfNull(options.Store);
        _options = options;
    }

    /// <summary>The profile name a request's run is recorded with (the profile its worker routes to).</summary>
    public static string ProfileNameOf(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Models is not null ? GivenModelsProfile
            : request.ReplayCassette is not null ? CassetteProfile
            : request.Profile ?? request.Catalog?.RouteOf((request.Team ?? SoftwareTeam.Create()).Worker.Name) ?? ModelProfile.DefaultName;
    }

    /// <summary>Prepares and runs <paramref name="request"/>; returns how the run ended.</summary>
    /// <exception cref="RunLaunchException">The run cannot be launched; no run was created.</exception>
    public async Task<TeamOutcome> LaunchAsync(RunRequest request, CancellationToken cancellationToken)
    {
        using var prepared = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        return await prepared.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the request and wires everything the run needs, without creating it: the caller can show what will run
    /// (<see cref="PreparedRun"/>) before it starts. Checks fail fast here, before any model call or trace record.
    /// </summary>
    /// <exception cref="RunLaunchException">The run cannot be launched.</exception>
    public async Task<PreparedRun> PrepareAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var team = request.Team ?? SoftwareTeam.Create();
        team.Validate();
        var options = request.Options;
        Check(request, options);
        var (profiles, cassette) = Profiles(request, team);

        try
        {
            // Host-side state about the workspace lives under the home; a home inside the workspace would let the agents reach it.
            WorkspaceStateFolder.For(_options.Home, options.Workspace);
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid(ex.Message, "pass --home with a folder outside the workspace", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw Invalid(ex.Message, "give an existing workspace folder", ex);
        }

        var sandboxOptions = request.Sandbox.LeviathanHome is null ? request.Sandbox with { LeviathanHome = _options.Home } : request.Sandbox;
        ISandbox sandbox;
        try
        {
            sandbox = SandboxFactory.Create(sandboxOptions);
        }
        catch (SandboxUnavailableException ex)
        {
            throw new RunLaunchException(ex.Message, "install it (bash scripts/setup.sh does), or pass --sandbox none to run without isolation", RunLaunchErrorKind.Unavailable, ex);
        }

        try
        {
            WorkspaceGuard.Check(options.Workspace, _options.Home, _options.Environment("HOME"));
        }
        catch (ArgumentException ex)
        {
            throw Invalid(ex.Message, "give the project folder with --workspace", ex);
        }

        PolicySet policy;
        try
        {
            // Read once, here, from the host: the gate keeps this set for the whole run.
            policy = PolicySet.Load(options.Workspace, request.PolicyFile, Path.Combine(_options.Home, "config.yaml"));
        }
        catch (PolicyException ex)
        {
            throw Invalid(ex.Message, "fix the policy file; docs/sandbox.md describes the rule format", ex);
        }

        foreach (var rule in request.ApproveRules.Where(r => !policy.RuleIds.Contains(r, StringComparer.Ordinal)))
        {
            throw Invalid($"--approve names the rule '{rule}', which does not exist", $"rules: {string.Join(", ", policy.RuleIds)}");
        }

        string toolchains;
        try
        {
            toolchains = SandboxToolchains.Describe(sandboxOptions, WorkspaceGuard.Check(options.Workspace, sandboxOptions.LeviathanHome, sandboxOptions.HostEnvironment?.GetValueOrDefault("HOME")));
        }
        catch (ArgumentException ex)
        {
            throw Invalid(ex.Message, "fix sandbox.mounts or sandbox.presets in config.yaml (docs/sandbox.md: 'Toolchains and mounts')", ex);
        }

        IPolicyApprover approver = request.ApproveAll ? new ApproveAllApprover()
            : request.ApproveRules.Count > 0 ? new ApproveRulesApprover(request.ApproveRules, new RefusingApprover())
            : new RefusingApprover();
        var factory = new ModelClientFactory(new ModelClientFactoryOptions
        {
            Time = _options.Time,
            Environment = _options.Environment,
            LoggerFactory = request.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        });
        try
        {
            // A profile without context_window uses the window its server reports; a replay contacts no server.
            var windows = profiles is not null && request.ReplayCassette is null
                ? await ContextWindowProbe.ResolveAllAsync(factory, RoutedProfiles(profiles, team), cancellationToken).ConfigureAwait(false)
                : null;
            if (request.RecordCassette is { } recordPath)
            {
                cassette = Cassette.StartRecording(recordPath);
            }

            return new PreparedRun(
                _options,
                request,
                team,
                options with { ModelProfile = ProfileNameOf(request) },
                factory,
                profiles,
                cassette,
                windows,
                sandbox,
                sandboxOptions,
                toolchains,
                new PolicyGate(policy, approver));
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    private static void Check(RunRequest request, TeamOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Goal))
        {
            throw Invalid("the goal is empty", "say what the team should do");
        }

        if (!Path.IsPathFullyQualified(options.Workspace) || !Directory.Exists(options.Workspace))
        {
            throw Invalid($"the workspace {options.Workspace} does not exist", "give an existing folder by its absolute path");
        }

        if (request.ReplayCassette is not null && request.RecordCassette is not null)
        {
            throw Invalid("--replay-cassette and --record-cassette cannot be used together", "replay an existing cassette, or record a new one against a live endpoint");
        }
    }

    /// <summary>Each role's profile (null when the models are given) and the cassette to replay.</summary>
    private static (Func<string, ModelProfile>? Profiles, Cassette? Cassette) Profiles(RunRequest request, TeamDefinition team)
    {
        if (request.Models is not null)
        {
            return (null, null);
        }

        if (request.ReplayCassette is { } path)
        {
            Cassette cassette;
            try
            {
                cassette = Cassette.Load(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
            {
                throw Invalid(ex.Message, "pass a cassette recorded with --record-cassette", ex);
            }

            var replayProfile = new ModelProfile(
                CassetteProfile, new Uri("http://127.0.0.1:9/v1/"), RecordedModel(path), null, ModelCatalogParser.DefaultContextWindow, 0m, 0m,
                ModelCatalogParser.DefaultCapabilities, ModelCatalogParser.DefaultTimeout)
            {
                // Requests recorded with tool calls written as text are shaped the same way on replay.
                ToolCalls = cassette.RecordedToolCalls ?? ToolCallMode.Auto,
            };
            return (_ => replayProfile, cassette);
        }

        Func<string, ModelProfile> profiles = request.Profiles
            ?? (request.Catalog is { } catalog
                ? request.Profile is { } name ? _ => catalog.Get(name) : catalog.ForRole
                : throw Invalid("no model profiles were given", "configure a model endpoint (README: 'leviathan run'), or replay a recorded run with --replay-cassette FILE"));
        try
        {
            _ = profiles(team.Worker.Name);
        }
        catch (ModelConfigurationException ex)
        {
            throw Invalid(ex.Message, "configure a model endpoint (README: 'leviathan run'), or replay a recorded run with --replay-cassette FILE", ex);
        }

        return (profiles, null);
    }

    /// <summary>The model id the cassette was recorded with: replayed requests must name the same model to match.</summary>
    private static string RecordedModel(string path)
    {
        var first = File.ReadLines(path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        return (first is null ? null : JsonNode.Parse(first)?["request"]?["model"]?.GetValue<string>())
            ?? throw Invalid($"the cassette {path} holds no exchanges", "record one with --record-cassette");
    }

    /// <summary>The profiles the team's roles route to; a broken route is reported when the role first calls its model.</summary>
    private static List<ModelProfile> RoutedProfiles(Func<string, ModelProfile> profiles, TeamDefinition team)
    {
        var routed = new List<ModelProfile>();
        foreach (var role in team.Roles)
        {
            try
            {
                routed.Add(profiles(role.Name));
            }
            catch (ModelConfigurationException)
            {
                // Left for the run to report when the role first calls its model.
            }
        }

        return routed;
    }

    private static RunLaunchException Invalid(string message, string hint, Exception? inner = null) =>
        new(message, hint, RunLaunchErrorKind.InvalidRequest, inner);
}
