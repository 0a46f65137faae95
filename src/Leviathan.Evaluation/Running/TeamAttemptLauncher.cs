using Leviathan.Agents.Launching;
using Leviathan.Agents.Software;
using Leviathan.Core.Runs;
using Leviathan.Engineering.Teams;
using Leviathan.Evaluation.Configurations;
using Leviathan.Models.Profiles;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Evaluation.Running;

/// <summary>
/// The harness's launcher: every attempt is one run of the library's <see cref="RunLauncher"/>, from a template request
/// (the caller's catalog, sandbox, policy) with the attempt's task, limits, hidden paths and configuration applied.
/// </summary>
/// <param name="launcher">The one run launcher.</param>
/// <param name="template">What every run shares; its <see cref="RunRequest.Options"/> are replaced per attempt.</param>
/// <param name="fallback">Limits for what neither the task nor the configuration limits (the profile's or the built-in run limits).</param>
public sealed class TeamAttemptLauncher(RunLauncher launcher, RunRequest template, RunBudget fallback) : IAttemptLauncher
{
    /// <summary>Refuses a configuration this launcher cannot honour, before any run starts.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="physics">Whether the suite is a physics set (attempted by the physics team, or by the baseline solver).</param>
    /// <exception cref="InvalidOperationException">A profile, route or prompt version does not exist, the solver or a switch is unknown, or the sandbox kind is wrong.</exception>
    public void Check(EvaluationConfiguration configuration, bool physics = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var where = configuration.File is { } file ? $" ({file})" : string.Empty;
        if (configuration.Solver != "team" && !physics)
        {
            throw new InvalidOperationException($"configuration '{configuration.Name}'{where}: solver '{configuration.Solver}' attempts physics benchmarks; a software task pack is attempted by the team (drop 'solver')");
        }

        if (configuration.Switches.Count > 0)
        {
            throw new InvalidOperationException($"configuration '{configuration.Name}'{where}: the switch(es) {string.Join(", ", configuration.Switches.Keys)} are not known to this version (no feature takes switches yet); remove them");
        }

        if (configuration.Sandbox is { } kind && !SandboxKinds.TryParse(kind, out _))
        {
            throw new InvalidOperationException($"configuration '{configuration.Name}'{where}: '{kind}' is not a sandbox kind ({string.Join(", ", SandboxKinds.Names)})");
        }

        var versions = physics
            ? PhysicsTeam.Prompts.ToDictionary(p => p.Role, p => p.VersionTag, StringComparer.Ordinal)
            : (template.Team ?? SoftwareTeam.Create()).PromptVersions;
        foreach (var (role, version) in configuration.PromptVersions)
        {
            if (!versions.TryGetValue(role, out var available) || !string.Equals(available, version, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"configuration '{configuration.Name}'{where}: prompt '{version}' for {role} is not available; the prompts in this version are {string.Join(", ", versions.Values)}");
            }
        }

        if (template.Catalog is { } catalog)
        {
            foreach (var name in configuration.Routes.Values.Append(configuration.Profile).OfType<string>())
            {
                try
                {
                    _ = catalog.Get(name);
                }
                catch (ModelConfigurationException ex)
                {
                    throw new InvalidOperationException($"configuration '{configuration.Name}'{where}: {ex.Message}", ex);
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<AttemptOutcome> LaunchAsync(AttemptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configuration = request.Configuration;
        var sandbox = template.Sandbox with { HiddenPaths = [.. template.Sandbox.HiddenPaths, .. request.HiddenPaths] };
        if (configuration.Sandbox is { } kindName && SandboxKinds.TryParse(kindName, out var kind))
        {
            sandbox = sandbox with { Kind = kind };
        }

        var budget = request.Budget;
        var run = template with
        {
            Team = request.Team ?? template.Team,
            Options = new Agents.Team.TeamOptions
            {
                Goal = request.Goal,
                Workspace = request.Workspace,
                VerifyCommand = request.VerifyCommand,
                SetupCommand = request.SetupCommand,
                Budget = new RunBudget(
                    budget.MaxTokens ?? fallback.MaxTokens, budget.MaxCostUsd ?? fallback.MaxCostUsd, budget.MaxSteps ?? fallback.MaxSteps, budget.MaxWallTime ?? fallback.MaxWallTime),
            },
            Profile = configuration.Profile ?? template.Profile,
            Profiles = Routes(configuration) ?? template.Profiles,
            Sandbox = sandbox,
            OnCreated = request.OnRunCreated,
        };

        Agents.Team.TeamOutcome outcome;
        try
        {
            outcome = await launcher.LaunchAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (RunLaunchException ex) when (ex.Kind == RunLaunchErrorKind.Unavailable)
        {
            throw new AttemptInfrastructureException($"{ex.Message}{(ex.Hint is { } hint ? $" ({hint})" : string.Empty)}", ex);
        }

        return new AttemptOutcome(outcome.RunId, outcome.Status, outcome.Reason, outcome.Usage, outcome.Verification.StartsWith("passed", StringComparison.Ordinal))
        {
            PatchSha256 = outcome.PatchSha256,
        };
    }

    // Routes override the catalog's per role; a role without one uses the configuration's profile, else its own route.
    private Func<string, ModelProfile>? Routes(EvaluationConfiguration configuration)
    {
        if (configuration.Routes.Count == 0 || template.Catalog is not { } catalog)
        {
            return null;
        }

        return role => configuration.Routes.TryGetValue(role, out var name) ? catalog.Get(name)
            : configuration.Profile is { } profile ? catalog.Get(profile)
            : catalog.ForRole(role);
    }
}
