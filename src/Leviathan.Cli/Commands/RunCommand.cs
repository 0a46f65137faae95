using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Leviathan.Agents.Launching;
using Leviathan.Agents.Team;
using Leviathan.Cli.Git;
using Leviathan.Cli.Hosting;
using Leviathan.Cli.Logging;
using Leviathan.Cli.Rendering;
using Leviathan.Core.Runs;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Sandbox;
using Spectre.Console;

namespace Leviathan.Cli.Commands;

/// <summary>
/// <c>leviathan run "GOAL" --workspace DIR [--verify CMD] …</c>: the team works on a task; exit 0 only when the run
/// succeeded (verification passed and the critic accepted).
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var goal = new Argument<string>("goal") { Description = "The task, in words" };
        var workspace = new Option<string>("--workspace") { Description = "The folder the team works in (usually a git repository)", Required = true };
        var verify = new Option<string?>("--verify") { Description = "The command that proves success, run in the sandbox (e.g. 'pytest -q'); --verify or --no-verify is required" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Run without a verification command: the critic alone judges, and a success is reported as 'not verified'" };
        var commitOption = new Option<bool>("--commit") { Description = "When the run succeeds, commit the files it changed in the workspace's git repository, with the goal as the message (no hooks run)" };
        var profile = new Option<string?>("--profile") { Description = "The model profile every role uses (default: the role routes, else 'default')" };
        var (maxSteps, budgetTokens, budgetUsd, maxMinutes) = RunLimitOptions.Create();
        var sandbox = new Option<string?>("--sandbox") { Description = "bwrap (default), podman or none" };
        var approveAll = new Option<bool>("--approve-all") { Description = "Approve tool calls that policy rules mark 'confirm' (otherwise they are refused)" };
        var replay = new Option<string?>("--replay-cassette") { Description = "Serve the model's side from this recorded cassette; no model server is contacted" };
        var record = new Option<string?>("--record-cassette") { Description = "Record every model exchange to this cassette" };
        var policyFile = new Option<string?>("--policy") { Description = "Your policy file for this run, on top of the built-in rules, <home>/config.yaml (policy) and the workspace's tighten-only .leviathan/policy.yaml" };
        var setup = new Option<string?>("--setup") { Description = "A command run in the sandbox before the agents, with the network (e.g. 'npm ci', 'dotnet restore'); if it fails the run ends 'error' before any model call" };
        var setupTimeout = new Option<double?>("--setup-timeout") { Description = "Minutes the setup command may take (default 10)" };
        var network = new Option<bool>("--network") { Description = "Let the agents' commands reach the network; each needs approval by the policy rule 'network-on' (--approve network-on or --approve-all)" };
        var approve = new Option<string[]>("--approve") { Description = "Approve calls held back by this confirm rule (repeatable)", AllowMultipleArgumentsPerToken = false };
        var preset = SandboxCommands.PresetOption();
        var json = JsonOption();
        var command = new Command("run", "Run the agent team (planner, engineer, critic) on a task in a workspace")
        {
            goal, workspace, verify, profile, maxSteps, budgetTokens, budgetUsd, maxMinutes, sandbox, approveAll, replay, record, policyFile,
            noVerify, commitOption, setup, setupTimeout, network, approve, preset, json,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var folder = Path.GetFullPath(parse.GetValue(workspace)!, context.Environment.WorkingDirectory);
            if (!Directory.Exists(folder))
            {
                throw CliException.Usage($"the workspace {folder} does not exist", "create it or pass an existing folder with --workspace");
            }

            if (parse.GetValue(replay) is not null && parse.GetValue(record) is not null)
            {
                throw CliException.Usage("--replay-cassette and --record-cassette cannot be used together", "replay an existing cassette, or record a new one against a live endpoint");
            }

            if (string.IsNullOrWhiteSpace(parse.GetValue(goal)))
            {
                throw CliException.Usage("the goal is empty", "say what the team should do, e.g. leviathan run \"Make the tests pass\" --workspace .");
            }

            var budget = RunLimitOptions.Given(parse, maxSteps, budgetTokens, budgetUsd, maxMinutes);
            RunLimitOptions.CheckVerifyChoice(parse.GetValue(verify), parse.GetValue(noVerify));
            if (parse.GetValue(setupTimeout) is { } setupMinutes && (!double.IsFinite(setupMinutes) || setupMinutes <= 0 || setupMinutes > 24 * 60))
            {
                throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--setup-timeout must be a number of minutes greater than 0 and at most 1440, not {setupMinutes}"));
            }

            var options = new TeamOptions
            {
                Goal = parse.GetValue(goal)!,
                Workspace = folder,
                VerifyCommand = parse.GetValue(verify),
                Budget = budget,
                SetupCommand = string.IsNullOrWhiteSpace(parse.GetValue(setup)) ? null : parse.GetValue(setup),
                SetupTimeout = TimeSpan.FromMinutes(parse.GetValue(setupTimeout) ?? 10),
                Network = parse.GetValue(network),
            };
            context.Override("sandbox:kind", parse.GetValue(sandbox));
            SandboxCommands.OverridePresets(context, parse.GetValue(preset));
            var launch = new TeamLaunch(
                parse.GetValue(profile),
                parse.GetValue(replay) is { } r ? Path.GetFullPath(r, context.Environment.WorkingDirectory) : null,
                parse.GetValue(record) is { } w ? Path.GetFullPath(w, context.Environment.WorkingDirectory) : null,
                parse.GetValue(approveAll))
            {
                ApproveRules = parse.GetValue(approve) ?? [],
                PolicyFile = parse.GetValue(policyFile) is { } p ? Path.GetFullPath(p, context.Environment.WorkingDirectory) : null,
                Limits = budget,
                ProfileLimits = true,
                Commit = parse.GetValue(commitOption),
                Json = parse.GetValue(json),
            };
            var outcome = await LaunchAsync(context, options, launch, cancellationToken);
            return outcome.Status == RunStatus.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    /// <summary>
    /// Launches a team run through the library's <see cref="RunLauncher"/> with the configuration's profiles, sandbox and
    /// store, shows its header and live progress, commits on request, and prints the summary.
    /// </summary>
    internal static async Task<TeamOutcome> LaunchAsync(CliContext context, TeamOptions options, TeamLaunch launch, CancellationToken cancellationToken)
    {
        var request = new RunRequest
        {
            Options = options,
            Team = launch.Team,
            Catalog = launch.Models is null && launch.ReplayCassette is null ? ModelsCommands.LoadCatalog(context) : null,
            Profile = launch.Profile,
            ReplayCassette = launch.ReplayCassette,
            RecordCassette = launch.RecordCassette,
            Models = launch.Models,
            Resume = launch.Resume,
            PolicyFile = launch.PolicyFile,
            ApproveRules = launch.ApproveRules,
            ApproveAll = launch.ApproveAll,
        };
        var profileName = RunLauncher.ProfileNameOf(request);
        // Fails fast when the home is inside the workspace, before anything is created.
        context.WorkspaceState(options.Workspace);
        var limits = ResolveLimits(context, launch, options, profileName);
        var git = launch.Commit ? await CommitTargetAsync(context, options.Workspace, cancellationToken) : null;
        using var view = RunProgressView.Create(context);
        request = request with
        {
            Options = options with { Budget = limits.Budget },
            Sandbox = SandboxCommands.Options(context),
            Progress = view.OnProgress,
            OnRetry = view.OnRetry,
            OnCreated = id => view.WriteLine($"  run:       {id}"),
            LoggerFactory = new CliLoggerFactory(view.Log, CliLoggerFactory.LevelFor(context.Verbose)),
        };
        await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
        var launcher = new RunLauncher(new RunLaunchOptions
        {
            Home = context.Home,
            Store = store,
            Time = context.Time,
            Environment = ModelsCommands.EnvironmentOf(context),
        });
        PreparedRun prepared;
        try
        {
            prepared = await launcher.PrepareAsync(request, cancellationToken);
        }
        catch (RunLaunchException ex)
        {
            throw ex.Kind == RunLaunchErrorKind.Unavailable ? CliException.Failed(ex.Message, ex.Hint, ex) : CliException.Usage(ex.Message, ex.Hint);
        }

        TeamOutcome outcome;
        using (prepared)
        {
            options = prepared.Options;
            var output = context.Stderr;
            await output.WriteLineAsync($"leviathan run: {options.Goal}");
            await output.WriteLineAsync($"  workspace: {options.Workspace}");
            await output.WriteLineAsync($"  verify:    {launch.VerifyDescription ?? options.VerifyCommand ?? "none (--no-verify): only the critic judges; a success is reported as not verified"}");
            await output.WriteLineAsync($"  limits:    {limits.Description}");
            if (git is not null)
            {
                await output.WriteLineAsync($"  commit:    on success, the changed files are committed in {git.WorkTree} with the goal as the message");
            }

            var sandboxKind = prepared.Sandbox.Kind;
            await output.WriteLineAsync($"  sandbox:   {SandboxKinds.NameOf(sandboxKind)}{(sandboxKind == SandboxKind.None ? " — commands run WITHOUT isolation" : string.Empty)}");
            await output.WriteLineAsync($"  toolchain: {prepared.Toolchains}");
            await output.WriteLineAsync($"  network:   {(options.Network ? "on for the agents' commands (each through the policy rule 'network-on')" : "off")}{(options.SetupCommand is { } setupLine ? string.Create(CultureInfo.InvariantCulture, $"; setup with the network: {setupLine} (limit {options.SetupTimeout.TotalMinutes:0.#} min)") : string.Empty)}");
            await output.WriteLineAsync(launch.ModelDescription is not null ? $"  model:     {launch.ModelDescription}"
                : launch.ReplayCassette is not null
                ? $"  model:     replayed from cassette {launch.ReplayCassette} (no model server is contacted)"
                : $"  model:     profile '{profileName}'{(launch.RecordCassette is not null ? $", recording to {launch.RecordCassette}" : string.Empty)}");
            var windows = prepared.ContextWindows;
            foreach (var window in windows)
            {
                await output.WriteLineAsync($"  context:   {(windows.Count > 1 ? window.Profile.Name + ": " : string.Empty)}{window.Describe()}");
            }

            WritePolicyHeader(output, prepared.Policy);
            outcome = await view.RunAsync(() => prepared.RunAsync(cancellationToken));
        }

        view.Dispose();
        var committed = git is null ? null : await CommitAsync(git, options, outcome, cancellationToken);
        if (launch.Json)
        {
            await CliJson.WriteAsync(context, OutcomeJson(outcome, committed));
        }
        else if (launch.Summary)
        {
            PrintSummary(context, outcome, committed);
        }

        return outcome;
    }

    /// <summary>The run's limits: the command line, else (a new run) the profile's budget and the built-in defaults, else (resume, replay) the run's own.</summary>
    private static RunLimits ResolveLimits(CliContext context, TeamLaunch launch, TeamOptions options, string profileName)
    {
        if (launch.ProfileLimits)
        {
            RunLimits.Validate(context.Config);
            return RunLimits.Resolve(context.Config, profileName, launch.Limits ?? RunBudget.Unlimited, RunLimits.BuiltIn, "default");
        }

        return RunLimits.Resolve(null, null, launch.Limits ?? RunBudget.Unlimited, options.Budget, launch.LimitSource);
    }

    /// <summary><c>--commit</c> needs a git repository around the workspace: checked before the run, not after it.</summary>
    private static async Task<UserRepositoryGit> CommitTargetAsync(CliContext context, string workspace, CancellationToken cancellationToken)
    {
        var git = new UserRepositoryGit(workspace, context.Environment.Variables);
        if (await git.TopLevelAsync(cancellationToken) is null)
        {
            throw CliException.Usage($"--commit: the workspace {workspace} is not in a git repository", "run 'git init' there first, or drop --commit (the change is kept as the run's run.patch artifact either way)");
        }

        return git;
    }

    /// <summary>Commits what a successful run changed, with the goal as the message; says why not otherwise.</summary>
    private static async Task<string> CommitAsync(UserRepositoryGit git, TeamOptions options, TeamOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Status != RunStatus.Succeeded)
        {
            return $"none: the run did not succeed (its change is in {TeamRunner.PatchName}: leviathan runs show {outcome.RunId} --diff)";
        }

        if (outcome.FilesChanged.Count == 0)
        {
            return "none: the run changed no file";
        }

        var goal = options.Goal.Trim();
        var subject = goal.ReplaceLineEndings(" ");
        var message = subject.Length <= 72 && goal == subject
            ? $"{goal}\n\nLeviathan run {outcome.RunId}"
            : $"{subject[..Math.Min(subject.Length, 69)]}{(subject.Length > 69 ? "..." : string.Empty)}\n\n{goal}\n\nLeviathan run {outcome.RunId}";
        var hash = await git.CommitAsync(outcome.FilesChanged, message, CancellationToken.None);
        return $"{hash} {subject[..Math.Min(subject.Length, 60)]} ({outcome.FilesChanged.Count} file(s))";
    }

    /// <summary>The effective policy, each layer that changed it, and every change a workspace asked for and did not get.</summary>
    internal static void WritePolicyHeader(TextWriter output, PolicySet policy)
    {
        var lines = policy.Describe();
        for (var i = 0; i < lines.Count; i++)
        {
            output.WriteLine((i == 0 ? "  policy:    " : "             ") + lines[i]);
        }

        foreach (var warning in policy.Warnings)
        {
            output.WriteLine($"  WARNING: policy: {warning}");
        }
    }

    /// <summary>The <c>--json</c> option of the commands that run a team.</summary>
    internal static Option<bool> JsonOption() => new("--json") { Description = "Print the run's summary as one JSON object (snake_case) on stdout instead of the table; progress stays on stderr" };

    /// <summary>The run's summary as <c>--json</c> prints it: the same fields as the table, snake_case.</summary>
    internal static JsonObject OutcomeJson(TeamOutcome outcome, string? committed) => new()
    {
        ["run_id"] = outcome.RunId.ToString(),
        ["status"] = outcome.Status.ToName(),
        ["reason"] = outcome.Reason,
        ["files_changed"] = CliJson.Array(outcome.FilesChanged),
        ["verification"] = outcome.Verification,
        ["patch_sha256"] = outcome.PatchSha256,
        ["commit"] = committed,
        ["usage"] = new JsonObject
        {
            ["steps"] = outcome.Usage.Steps,
            ["tokens_in"] = outcome.Usage.TokensIn,
            ["tokens_out"] = outcome.Usage.TokensOut,
            ["cost_usd"] = outcome.Usage.CostUsd,
            ["wall_seconds"] = Math.Round(outcome.Usage.WallTime.TotalSeconds, 3),
        },
    };

    private static void PrintSummary(CliContext context, TeamOutcome outcome, string? committed)
    {
        var color = outcome.Status == RunStatus.Succeeded ? "green" : "red";
        var table = new Table().Border(TableBorder.Simple).HideHeaders();
        table.AddColumns("", "");
        table.AddRow("status", $"[{color}]{outcome.Status.ToName()}[/]");
        table.AddRow("reason", Markup.Escape(outcome.Reason));
        table.AddRow("files changed", Markup.Escape(outcome.FilesChanged.Count == 0 ? "(none)" : string.Join(", ", outcome.FilesChanged)));
        table.AddRow("verification", Markup.Escape(outcome.Verification));
        if (outcome.PatchSha256 is not null)
        {
            table.AddRow("patch", Markup.Escape($"{TeamRunner.PatchName} artifact (leviathan runs show {outcome.RunId} --diff)"));
        }

        if (committed is not null)
        {
            table.AddRow("commit", Markup.Escape(committed));
        }

        table.AddRow("usage", string.Create(CultureInfo.InvariantCulture, $"{outcome.Usage.Steps} steps, {outcome.Usage.TokensIn} tokens in, {outcome.Usage.TokensOut} out, ${outcome.Usage.CostUsd:0.0000}, {outcome.Usage.WallTime.TotalSeconds:0.0} s"));
        table.AddRow("run id", outcome.RunId.ToString());
        context.Out.Write(table);
        context.Out.WriteLine($"inspect with: leviathan runs show {outcome.RunId}");
    }
}
