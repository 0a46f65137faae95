using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Cli.Configuration.Settings;
using Leviathan.Cli.Hosting;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Policy;
using Leviathan.Tools.Sandbox;
using Leviathan.Tools.Sandbox.Toolchains;
using Leviathan.Tools.Snapshots;
using Spectre.Console;

namespace Leviathan.Cli.Commands;

/// <summary>
/// <c>leviathan sandbox exec</c>: runs one command exactly as agents do, through the policy gate and the sandbox;
/// <c>leviathan sandbox check</c>: checks that the sandbox holds on this machine.
/// </summary>
internal static class SandboxCommands
{
    private const string KindKey = "sandbox:kind";
    private const string TimeoutKey = "sandbox:timeout_s";
    private const string MemoryKey = "sandbox:memory_mb";
    private const string ImageKey = "sandbox:podman_image";
    private const string MountsKey = "sandbox:mounts";
    private const string ProjectImageKey = "sandbox:image";
    internal const string PresetsKey = "sandbox:presets";

    /// <summary>The built-in confirm rule that holds commands of a run with the network.</summary>
    private const string NetworkRule = "network-on";

    public static Command Create(CliEnvironment environment)
    {
        var sandbox = new Command("sandbox", "Run commands in the sandbox agents use (bubblewrap, podman, or none)");
        sandbox.Subcommands.Add(Exec(environment));
        sandbox.Subcommands.Add(Check(environment));
        return sandbox;
    }

    private static Command Exec(CliEnvironment environment)
    {
        var workspace = new Option<string>("--workspace") { Description = "The folder the command may write (the only writable path)", Required = true };
        var network = new Option<bool>("--network") { Description = "Let the command reach the network (off by default)" };
        var timeout = new Option<double?>("--timeout") { Description = $"Seconds before the command and everything it started are killed (exit 124; config {TimeoutKey}, default 120)" };
        var memory = new Option<int?>("--memory") { Description = $"Memory limit in MB (config {MemoryKey}, default 1024)" };
        var kind = new Option<string?>("--sandbox") { Description = $"bwrap (default), podman or none (no isolation; config {KindKey})" };
        var image = new Option<string?>("--image") { Description = $"The podman image, or a Containerfile built once per content (config {ProjectImageKey} or {ImageKey}, default {SandboxOptions.DefaultPodmanImage})" };
        var policy = new Option<string?>("--policy") { Description = "A policy file for this run, on top of the built-in rules and <workspace>/.leviathan/policy.yaml" };
        var approveAll = new Option<bool>("--approve-all") { Description = "Approve every call a confirm rule holds back (deny rules still refuse)" };
        var approve = new Option<string[]>("--approve") { Description = "Approve calls held back by this confirm rule (repeatable)", AllowMultipleArgumentsPerToken = false };
        var preset = PresetOption();
        var json = new Option<bool>("--json") { Description = "Print the result (exit code, output, limits hit, duration) as one JSON object instead of passing the output through" };
        var snapshot = new Option<bool>("--snapshot") { Description = "Checkpoint the workspace before running (see 'leviathan workspace diff')" };
        var command = new Argument<string[]>("CMD") { Description = "The program and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var exec = new Command("exec", "Run one command as agents do: policy gate, then the sandbox. Prints its output; exits with its status (124 on timeout)")
        {
            workspace, network, timeout, memory, kind, image, policy, approveAll, approve, preset, snapshot, json, command,
        };
        return exec.Handle(environment, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            if (parse.GetValue(command) is not [{ } program, ..] || string.IsNullOrWhiteSpace(program))
            {
                throw CliException.Usage("the program to run is empty", "give the program and its arguments after --, e.g. leviathan sandbox exec --workspace . -- ls -la");
            }

            var root = Path.GetFullPath(parse.GetValue(workspace)!, context.Environment.WorkingDirectory);
            if (!Directory.Exists(root))
            {
                throw CliException.Usage($"the workspace {root} does not exist", "create it, or give an existing folder with --workspace");
            }

            try
            {
                WorkspaceGuard.Check(root, context.Home, context.Environment.Variables.GetValueOrDefault("HOME"));
            }
            catch (ArgumentException ex)
            {
                throw CliException.Usage(ex.Message, "give the project folder with --workspace");
            }

            context.Override(KindKey, parse.GetValue(kind));
            context.Override(TimeoutKey, parse.GetValue(timeout)?.ToString(CultureInfo.InvariantCulture));
            context.Override(MemoryKey, parse.GetValue(memory)?.ToString(CultureInfo.InvariantCulture));
            context.Override(ProjectImageKey, parse.GetValue(image));
            OverridePresets(context, parse.GetValue(preset));
            var options = Options(context);
            var toolchains = Toolchains(options, root);
            if (context.Verbose)
            {
                await context.Stderr.WriteLineAsync($"toolchains: {toolchains}");
            }

            var settings = context.Config.Settings<SandboxSettings>();
            var limits = new SandboxLimits
            {
                MemoryBytes = (long)settings.MemoryMb << 20,
                Cpus = settings.Cpus,
                MaxProcesses = settings.MaxProcesses,
                MaxWorkspaceBytes = (long)settings.MaxWorkspaceMb << 20,
            };
            var timeoutSeconds = settings.TimeoutSeconds;
            var arguments = parse.GetValue(command)!;
            var grantNetwork = parse.GetValue(network);

            var verdict = await Gate(context, root, parse.GetValue(policy), parse.GetValue(approveAll), parse.GetValue(approve) ?? [], grantNetwork)
                .CheckAsync(new ToolCall(RunCommandTool.ToolName, JsonSerializer.Serialize(new { command = ShellLine(arguments) })), root, grantNetwork, cancellationToken);
            if (!verdict.Allowed)
            {
                throw CliException.Failed(verdict.Message!, verdict.Decision.Action == PolicyAction.Confirm
                    ? $"approve it with --approve {verdict.Decision.RuleId} (or --approve-all), or change the rule in your own policy (<home>/config.yaml, section policy, or --policy FILE)"
                    : $"the rule comes from {verdict.Decision.Source}; only your own policy (<home>/config.yaml, section policy, or --policy FILE) can disable it");
            }

            if (verdict.ApprovedBy is not null || context.Verbose)
            {
                await context.Stderr.WriteLineAsync($"policy: {verdict.Decision.Action.ToString().ToLowerInvariant()} by rule '{verdict.Decision.RuleId}' ({verdict.Decision.Source}){(verdict.ApprovedBy is null ? string.Empty : $", approved by {verdict.ApprovedBy}")}");
            }

            if (parse.GetValue(snapshot))
            {
                var step = await new WorkspaceSnapshotStore(context.WorkspaceState(root), context.Time).CheckpointAsync($"sandbox exec {ShellLine(arguments)}", cancellationToken);
                await context.Stderr.WriteLineAsync($"snapshot: step {step}");
            }

            SandboxResult result;
            try
            {
                result = await SandboxFactory.Create(options).RunAsync(
                    new SandboxRequest(root, arguments) { Network = grantNetwork, Timeout = TimeSpan.FromSeconds(timeoutSeconds), Limits = limits },
                    cancellationToken);
            }
            catch (SandboxUnavailableException ex)
            {
                throw CliException.Failed(ex.Message, ex.Hint);
            }

            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(context, new JsonObject
                {
                    ["exit_code"] = result.ExitCode,
                    ["stdout"] = result.Stdout,
                    ["stderr"] = result.Stderr,
                    ["timed_out"] = result.TimedOut,
                    ["limits_hit"] = CliJson.Array(result.LimitNames),
                    ["duration_ms"] = Math.Round(result.Duration.TotalMilliseconds, 1),
                    ["sandbox"] = result.Kind.ToString().ToLowerInvariant(),
                    ["notices"] = CliJson.Array(result.Notices),
                });
                return result.ExitCode;
            }

            await context.Stdout.WriteAsync(result.Stdout);
            await context.Stderr.WriteAsync(result.Stderr);
            foreach (var notice in result.Notices)
            {
                await context.Stderr.WriteLineAsync(notice.StartsWith("WARNING", StringComparison.Ordinal) ? notice : $"sandbox: {notice}");
            }

            return result.ExitCode;
        });
    }

    private static Command Check(CliEnvironment environment)
    {
        var kind = new Option<string?>("--sandbox") { Description = $"bwrap (default), podman or none (config {KindKey})" };
        var json = new Option<bool>("--json") { Description = "Print the findings as one JSON object" };
        var check = new Command(
            "check",
            "Check that the sandbox holds on this machine: commands start (and how long one takes), write only their workspace, get their own network, " +
            "process and mount namespaces, cannot read host secrets, have no capabilities, run under no_new_privs and seccomp, and are killed over their " +
            "memory limit (exit 0 when all hold, 1 otherwise)")
        {
            kind, json,
        };
        return check.Handle(environment, async (context, cancellationToken) =>
        {
            context.Override(KindKey, context.ParseResult.GetValue(kind));
            var options = Options(context) with { Presets = ["none"] };
            var scratch = Directory.CreateTempSubdirectory("leviathan-sandbox-check-").FullName;
            IReadOnlyList<SandboxCheckItem> items;
            try
            {
                items = await SandboxCheck.RunAsync(SandboxFactory.Create(options), scratch, cancellationToken);
            }
            catch (SandboxUnavailableException ex)
            {
                throw CliException.Failed(ex.Message, ex.Hint);
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }

            var holds = items.All(i => i.Holds);
            var sandboxName = SandboxKinds.NameOf(options.Kind);
            if (context.ParseResult.GetValue(json))
            {
                await CliJson.WriteAsync(context, new JsonObject
                {
                    ["sandbox"] = sandboxName,
                    ["holds"] = holds,
                    ["checks"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["name"] = i.Name, ["holds"] = i.Holds, ["detail"] = i.Detail })]),
                });
                return holds ? ExitCodes.Success : ExitCodes.Failed;
            }

            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("CHECK", "RESULT", "DETAIL");
            foreach (var item in items)
            {
                table.AddRow(new Text(item.Name), new Text(item.Holds ? "ok" : "FAILED"), new Text(item.Detail));
            }

            context.Out.Write(table);
            var failed = items.Count(i => !i.Holds);
            await context.Stdout.WriteLineAsync(holds
                ? $"sandbox {sandboxName}: all {items.Count} checks hold"
                : $"sandbox {sandboxName}: {failed} of {items.Count} checks failed{(options.Kind == SandboxKind.None ? " (sandbox none runs commands on the host, without isolation)" : string.Empty)}");
            return holds ? ExitCodes.Success : ExitCodes.Failed;
        });
    }

    /// <summary><c>--preset NAME</c> (repeatable): the toolchain presets, instead of <c>sandbox.presets</c>.</summary>
    internal static Option<string[]> PresetOption() => new("--preset")
    {
        Description = $"Toolchain preset to mount ({string.Join(", ", SandboxToolchains.PresetNames)}, auto or none; repeatable; config {PresetsKey}, default auto: detected from the workspace's files)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Puts <c>--preset</c> values over the configured presets.</summary>
    internal static void OverridePresets(CliContext context, string[]? presets)
    {
        if (presets is { Length: > 0 })
        {
            context.Override(PresetsKey, string.Join(',', presets));
            foreach (var key in context.Config.Children(PresetsKey))
            {
                context.Config.Set($"{PresetsKey}:{key}", null);
            }
        }
    }

    /// <summary>Checks the mounts and presets for this workspace and describes them; a refused one is a usage error naming it.</summary>
    internal static string Toolchains(SandboxOptions options, string workspace)
    {
        try
        {
            return SandboxToolchains.Describe(options, WorkspaceGuard.Check(workspace, options.LeviathanHome, options.HostEnvironment?.GetValueOrDefault("HOME")));
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage(ex.Message, "fix sandbox.mounts or sandbox.presets in config.yaml (docs/sandbox.md: 'Toolchains and mounts')");
        }
    }

    /// <summary>The sandbox options from configuration (<c>sandbox:*</c>) and the CLI's environment.</summary>
    internal static SandboxOptions Options(CliContext context)
    {
        var settings = context.Config.Settings<SandboxSettings>();
        SandboxKinds.TryParse(settings.Kind.ToLowerInvariant(), out var sandboxKind);
        return new SandboxOptions
        {
            Kind = sandboxKind,
            HostEnvironment = context.Environment.Variables,
            Cgroups = settings.Cgroups,
            CgroupParent = string.IsNullOrEmpty(settings.CgroupParent) ? null : settings.CgroupParent,
            PodmanImage = Image(context, settings),
            LeviathanHome = context.Home,
            SandboxUid = (uint)settings.Uid,
            SandboxGid = (uint)settings.Gid,
            Mounts = Mounts(context),
            Presets = Presets(context),
            // Real processes need the real clock for their timeouts, whatever clock the CLI runs on.
            Time = TimeProvider.System,
        };
    }

    /// <summary><c>sandbox.image</c> (or <c>sandbox.podman_image</c>): an image name, or a Containerfile (made absolute from the working folder).</summary>
    private static string Image(CliContext context, SandboxSettings settings)
    {
        var image = string.IsNullOrEmpty(settings.Image) ? settings.PodmanImage : settings.Image;
        var name = Path.GetFileName(image);
        return name.Contains("Containerfile", StringComparison.Ordinal) || name.Contains("Dockerfile", StringComparison.Ordinal)
            || File.Exists(Path.GetFullPath(image, context.Environment.WorkingDirectory))
            ? Path.GetFullPath(image, context.Environment.WorkingDirectory)
            : image;
    }

    /// <summary><c>sandbox.mounts</c>: a list of <c>{path, target?, writable?}</c>.</summary>
    private static List<SandboxMount> Mounts(CliContext context)
    {
        var mounts = new List<SandboxMount>();
        foreach (var index in context.Config.Children(MountsKey))
        {
            var key = $"{MountsKey}:{index}";
            var unknown = context.Config.Children(key).FirstOrDefault(k => k is not ("path" or "target" or "writable"));
            if (unknown is not null)
            {
                throw context.Config.Rejected($"{key}:{unknown}", "a mount has the keys path, target (optional) and writable (optional)");
            }

            var path = context.Config.GetString($"{key}:path") ?? context.Config.GetString(key);
            if (path is null)
            {
                throw CliException.Usage($"sandbox.mounts entry {index} has no path", "write mounts as - path: ~/.cache/tool (with target: and writable: true when needed)");
            }

            mounts.Add(new SandboxMount(path) { Target = context.Config.GetString($"{key}:target"), Writable = context.Config.GetBool($"{key}:writable", false) });
        }

        return mounts;
    }

    /// <summary><c>sandbox.presets</c>: a list, or names separated by commas; <c>auto</c> when unset.</summary>
    private static List<string> Presets(CliContext context)
    {
        var listed = context.Config.Children(PresetsKey).Select(i => context.Config.GetString($"{PresetsKey}:{i}")).OfType<string>();
        var names = listed.Concat((context.Config.GetString(PresetsKey) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return names.Count == 0 ? ["auto"] : names;
    }

    private static PolicyGate Gate(CliContext context, string workspace, string? policyFile, bool approveAll, string[] approveRules, bool network)
    {
        PolicySet policy;
        try
        {
            policy = PolicySet.Load(workspace, policyFile is null ? null : Path.GetFullPath(policyFile, context.Environment.WorkingDirectory), Path.Combine(context.Home, "config.yaml"));
        }
        catch (PolicyException ex)
        {
            throw CliException.Usage(ex.Message, "fix the policy file; docs/sandbox.md describes the rule format");
        }

        if (policy.Layers.Any(l => l.Kind == PolicyLayerKind.Workspace) || context.Verbose)
        {
            RunCommand.WritePolicyHeader(context.Stderr, policy);
        }

        foreach (var rule in approveRules)
        {
            if (!policy.RuleIds.Contains(rule, StringComparer.Ordinal))
            {
                throw CliException.Usage($"--approve names the rule '{rule}', which does not exist", $"rules: {string.Join(", ", policy.RuleIds)}");
            }
        }

        // The person who typed --network has granted it: the rule that holds an agent's networked commands does not ask again.
        if (network && policy.RuleIds.Contains(NetworkRule, StringComparer.Ordinal))
        {
            approveRules = [.. approveRules, NetworkRule];
        }

        IPolicyApprover prompt = context.Environment.Ansi && !Console.IsInputRedirected ? new PromptApprover(context.Out) : new RefusingApprover();
        IPolicyApprover approver = approveAll ? new ApproveAllApprover() : approveRules.Length > 0 ? new ApproveRulesApprover(approveRules, prompt) : prompt;
        return new PolicyGate(policy, approver);
    }

    /// <summary>The argument vector as one shell line, quoted where needed, for the policy and the record.</summary>
    internal static string ShellLine(IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Select(a => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%^".Contains(c, StringComparison.Ordinal))
            ? a
            : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    /// <summary>Asks the person at the terminal.</summary>
    private sealed class PromptApprover(IAnsiConsole console) : IPolicyApprover
    {
        public string Name => "prompt";

        public Task<bool> ApproveAsync(PolicyApprovalRequest request, CancellationToken cancellationToken)
        {
            console.MarkupLine($"[yellow]policy rule '{Markup.Escape(request.Decision.RuleId)}' needs approval:[/] {Markup.Escape(request.Decision.Reason)}");
            console.MarkupLine($"  {Markup.Escape(request.Call.Name)} {Markup.Escape(request.Call.ArgumentsJson)}");
            return Task.FromResult(console.Confirm("Run it?", defaultValue: false));
        }
    }
}
