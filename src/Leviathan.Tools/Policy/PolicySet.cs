using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Leviathan.Tools.Policy;

/// <summary>
/// The rules in force for a run, in layers: the built-in defaults, the user's configuration
/// (<c>&lt;home&gt;/config.yaml</c>, section <c>policy</c>), the workspace's <c>.leviathan/policy.yaml</c>, then a
/// policy file given on the command line. The user's layers may change anything: a rule with the same id
/// replaces the old one, <c>disable</c> removes rules, new rules are checked first, and the first matching
/// rule decides. The workspace layer was written by whoever wrote the repository (or by an agent), so it
/// may only tighten: its deny and confirm rules are judged apart and win only when stricter, a stricter
/// default applies, and everything that would widen the policy is refused and reported in
/// <see cref="Warnings"/>.
/// </summary>
public sealed class PolicySet
{
    /// <summary>The source name of the embedded defaults.</summary>
    public const string BuiltInSource = "built-in";

    /// <summary>Where a workspace keeps its policy, relative to the workspace root.</summary>
    public const string WorkspacePolicyFile = ".leviathan/policy.yaml";

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private static readonly Lazy<PolicySet> BuiltIn = new(LoadBuiltIn);

    private readonly List<PolicyRule> _rules;
    private readonly List<PolicyRule> _tightening;
    private readonly List<PolicyLayer> _layers;
    private readonly List<string> _warnings;

    private PolicySet(List<PolicyRule> rules, List<PolicyRule> tightening, PolicyAction defaultAction, string defaultSource, List<PolicyLayer> layers, List<string> warnings)
    {
        _rules = rules;
        _tightening = tightening;
        DefaultAction = defaultAction;
        DefaultSource = defaultSource;
        _layers = layers;
        _warnings = warnings;
    }

    /// <summary>What happens when no rule matches.</summary>
    public PolicyAction DefaultAction { get; }

    /// <summary>The layer that set <see cref="DefaultAction"/>.</summary>
    public string DefaultSource { get; }

    /// <summary>The rule ids in the order they are checked (the workspace's tightening rules last).</summary>
    public IReadOnlyList<string> RuleIds => [.. _rules.Select(r => r.Id), .. _tightening.Select(r => r.Id)];

    /// <summary>Every layer put on the built-in rules, in order, with what it changed and what was refused.</summary>
    public IReadOnlyList<PolicyLayer> Layers => _layers;

    /// <summary>One line per change a layer asked for and did not get (a workspace policy that would widen the policy).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    internal IReadOnlyList<PolicyRule> Rules => [.. _rules, .. _tightening];

    /// <summary>The built-in rules (embedded in this assembly).</summary>
    public static PolicySet Defaults() => BuiltIn.Value;

    /// <summary>
    /// The policy of a run, read once: the defaults, the user's configuration, the workspace's policy file
    /// (tighten-only, read without following links), then the run's policy file if given.
    /// </summary>
    /// <param name="workspace">The workspace folder.</param>
    /// <param name="runPolicyFile">A policy file the user gave on the command line.</param>
    /// <param name="userConfigFile">The user's <c>config.yaml</c>; its <c>policy</c> section is a layer.</param>
    /// <exception cref="PolicyException">A policy is invalid or the run's file does not exist.</exception>
    public static PolicySet Load(string workspace, string? runPolicyFile = null, string? userConfigFile = null) =>
        Load(workspace, runPolicyFile, userConfigFile, PolicyLayerCache.Shared);

    /// <summary>As <see cref="Load(string, string?, string?)"/>, with the layers compiled once per distinct text in <paramref name="cache"/>.</summary>
    internal static PolicySet Load(string workspace, string? runPolicyFile, string? userConfigFile, PolicyLayerCache cache)
    {
        // Each layer is read every time (an edited file takes effect at the next run) and compiled once per distinct text.
        var set = Defaults();
        if (userConfigFile is not null && File.Exists(userConfigFile))
        {
            var defaults = set;
            var source = $"{userConfigFile} (policy)";
            var text = File.ReadAllText(userConfigFile);
            set = cache.GetOrAdd(defaults, PolicyLayerKind.User, source, text, () =>
                UserPolicy(userConfigFile, text) is { } userYaml ? defaults.With(userYaml, source, PolicyLayerKind.User) : defaults);
        }

        var workspaceFile = Path.Combine(PolicyPaths.Workspace(workspace), WorkspacePolicyFile);
        string? workspaceYaml;
        try
        {
            workspaceYaml = PolicyFileReader.ReadWorkspacePolicy(workspace);
        }
        catch (PolicyException ex)
        {
            // Refused, not read: the run goes on with the user's policy, and says so.
            set = set.Refuse(workspaceFile, PolicyLayerKind.Workspace, $"the file was not read: {ex.Message}");
            workspaceYaml = null;
        }

        if (workspaceYaml is not null)
        {
            var below = set;
            set = cache.GetOrAdd(below, PolicyLayerKind.Workspace, workspaceFile, workspaceYaml, () => below.WithWorkspace(workspaceYaml, workspaceFile));
        }

        if (runPolicyFile is not null)
        {
            if (!File.Exists(runPolicyFile))
            {
                throw new PolicyException($"The policy file '{runPolicyFile}' does not exist.");
            }

            var below = set;
            var text = File.ReadAllText(runPolicyFile);
            var source = Path.GetFullPath(runPolicyFile);
            set = cache.GetOrAdd(below, PolicyLayerKind.Run, source, text, () => below.With(text, source, PolicyLayerKind.Run));
        }

        return set;
    }

    /// <summary>This set with a layer of the user's own on top (it may change anything).</summary>
    /// <param name="yaml">The layer's text.</param>
    /// <param name="source">Its name in decisions and errors (a file path, <c>run</c>...).</param>
    /// <exception cref="PolicyException">The YAML is invalid.</exception>
    public PolicySet With(string yaml, string source) => With(yaml, source, PolicyLayerKind.Run);

    /// <summary>This set with a layer of the user's own on top (it may change anything).</summary>
    /// <param name="yaml">The layer's text.</param>
    /// <param name="source">Its name in decisions and errors.</param>
    /// <param name="kind">The kind of layer, for the record (<see cref="PolicyLayerKind.User"/> or <see cref="PolicyLayerKind.Run"/>).</param>
    /// <exception cref="PolicyException">The YAML is invalid.</exception>
    public PolicySet With(string yaml, string source, PolicyLayerKind kind)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (kind == PolicyLayerKind.Workspace)
        {
            return WithWorkspace(yaml, source);
        }

        var model = Parse(yaml, source);
        var applied = new List<string>();
        var rules = new List<PolicyRule>(_rules);
        var tightening = new List<PolicyRule>(_tightening);
        foreach (var id in model.Disable ?? [])
        {
            if (rules.RemoveAll(r => r.Id == id) + tightening.RemoveAll(r => r.Id == id) == 0)
            {
                throw new PolicyException($"{source}: 'disable' names the rule '{id}', which does not exist. Rules: {string.Join(", ", rules.Concat(tightening).Select(r => r.Id))}.");
            }

            applied.Add($"disabled rule '{id}'");
        }

        var added = new List<PolicyRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ruleModel in model.Rules ?? [])
        {
            var rule = Compile(ruleModel, source);
            if (!seen.Add(rule.Id))
            {
                throw new PolicyException($"{source}: the rule id '{rule.Id}' is used twice.");
            }

            var index = rules.FindIndex(r => r.Id == rule.Id);
            if (index >= 0)
            {
                applied.Add($"replaced rule '{rule.Id}' ({Name(rules[index].Action)} -> {Name(rule.Action)})");
                rules[index] = rule;
            }
            else
            {
                applied.Add($"added {Name(rule.Action)} rule '{rule.Id}'");
                added.Add(rule);
            }
        }

        var defaultAction = model.Default is null ? DefaultAction : ParseAction(model.Default, source, "default");
        if (model.Default is not null)
        {
            applied.Add($"default {Name(DefaultAction)} -> {Name(defaultAction)}");
        }

        var layers = source == BuiltInSource ? _layers : [.. _layers, new PolicyLayer(source, kind, applied, [])];
        return new PolicySet([.. added, .. rules], tightening, defaultAction, model.Default is null ? DefaultSource : source, layers, _warnings);
    }

    /// <summary>
    /// This set with a workspace's policy on top, which may only tighten: deny and confirm rules are added
    /// (judged after the others and winning only when stricter), a stricter default applies; disabling a
    /// rule, allow rules, replacing a rule with a looser action and a looser default are refused and listed in
    /// <see cref="Warnings"/>.
    /// </summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="source">The file's path.</param>
    /// <exception cref="PolicyException">The YAML is invalid.</exception>
    public PolicySet WithWorkspace(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var model = Parse(yaml, source);
        var applied = new List<string>();
        var refused = new List<string>();
        foreach (var id in model.Disable ?? [])
        {
            refused.Add($"disable '{id}': a workspace policy cannot remove rules");
        }

        var tightening = new List<PolicyRule>(_tightening);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ruleModel in model.Rules ?? [])
        {
            var rule = Compile(ruleModel, source);
            if (!seen.Add(rule.Id))
            {
                throw new PolicyException($"{source}: the rule id '{rule.Id}' is used twice.");
            }

            var existing = _rules.FirstOrDefault(r => r.Id == rule.Id);
            if (rule.Action == PolicyAction.Allow)
            {
                refused.Add($"rule '{rule.Id}' (allow): a workspace policy cannot allow what the user's policy does not decide");
            }
            else if (existing is not null && Strictness(rule.Action) < Strictness(existing.Action))
            {
                refused.Add($"rule '{rule.Id}' ({Name(rule.Action)}): it would loosen the {existing.Source} rule '{existing.Id}' ({Name(existing.Action)})");
            }
            else
            {
                tightening.Add(rule);
                applied.Add(existing is null
                    ? $"added {Name(rule.Action)} rule '{rule.Id}'"
                    : $"added {Name(rule.Action)} rule '{rule.Id}' (the {existing.Source} rule of that id stays in force)");
            }
        }

        var defaultAction = DefaultAction;
        var defaultSource = DefaultSource;
        if (model.Default is { } text)
        {
            var asked = ParseAction(text, source, "default");
            if (Strictness(asked) > Strictness(DefaultAction))
            {
                applied.Add($"default {Name(DefaultAction)} -> {Name(asked)}");
                (defaultAction, defaultSource) = (asked, source);
            }
            else if (asked != DefaultAction)
            {
                refused.Add($"default: {Name(asked)}: it would loosen the default {Name(DefaultAction)} ({DefaultSource})");
            }
        }

        var warnings = new List<string>(_warnings);
        warnings.AddRange(refused.Select(r => $"{source}: not applied: {r}. Only your own configuration (<home>/config.yaml, section policy) or --policy FILE can widen the policy."));
        return new PolicySet(_rules, tightening, defaultAction, defaultSource, [.. _layers, new PolicyLayer(source, PolicyLayerKind.Workspace, applied, refused)], warnings);
    }

    private PolicySet Refuse(string source, PolicyLayerKind kind, string why) =>
        new(_rules, _tightening, DefaultAction, DefaultSource, [.. _layers, new PolicyLayer(source, kind, [], [why])], [.. _warnings, $"{source}: not applied: {why}"]);

    /// <summary>The built-in rule that holds back, for approval, what a run given the network would otherwise allow.</summary>
    public const string NetworkRuleId = "network-on";

    /// <summary>The decision for one call: the first matching rule, or the default; a stricter workspace rule wins over both.</summary>
    public PolicyDecision Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var targets = PolicyTargets.From(request.Call.Name ?? string.Empty, request.Call.ArgumentsJson);
            var workspace = PolicyPaths.Workspace(request.Workspace);
            var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
            CommandTargets? command = null;
            if (targets.Command is { } line)
            {
                command = CommandTargets.Of(line, workspace, home);
                if (command.Analysis.Problems.Count > 0)
                {
                    return new PolicyDecision(
                        PolicyAction.Deny,
                        PolicyDecision.UnjudgeableRuleId,
                        $"The command cannot be judged: {command.Analysis.Problems[0]}. Split it into shorter, simpler commands.",
                        BuiltInSource);
                }
            }

            var decision = Decide(_rules, targets, command, request, workspace, home)
                ?? new PolicyDecision(DefaultAction, PolicyDecision.DefaultRuleId, "no rule matched", DefaultSource);
            var tighter = Decide(_tightening, targets, command, request, workspace, home);
            decision = tighter is not null && Strictness(tighter.Action) > Strictness(decision.Action) ? tighter : decision;

            // 'network-on' only ever holds back what would otherwise run: it never loosens a deny (a default
            // deny included) nor hides the more telling reason of another confirm rule.
            if (decision.Action == PolicyAction.Allow && request.Network
                && _rules.FirstOrDefault(r => r.Id == NetworkRuleId) is { } network
                && (network.Tools.Count == 0 || network.Tools.Contains(targets.Tool, StringComparer.Ordinal)))
            {
                decision = new PolicyDecision(network.Action, network.Id, network.Reason, network.Source);
            }

            return decision;
        }
        catch (PolicyException)
        {
            throw;
        }
#pragma warning disable CA1031 // The gate fails closed: a call it cannot judge is refused with the reason, never run and never a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new PolicyDecision(PolicyAction.Deny, PolicyDecision.UnjudgeableRuleId, $"The call cannot be judged: {ex.Message}", BuiltInSource);
        }
    }

    private static PolicyDecision? Decide(List<PolicyRule> rules, PolicyTargets targets, CommandTargets? command, PolicyRequest request, string workspace, string home)
    {
        PolicyDecision? pending = null;
        foreach (var rule in rules.Where(r => r.Id != NetworkRuleId))
        {
            PolicyMatch match;
            try
            {
                match = Matches(rule, targets, command, request, workspace, home);
            }
            catch (RegexMatchTimeoutException)
            {
                return new PolicyDecision(
                    PolicyAction.Deny,
                    PolicyDecision.UnjudgeableRuleId,
                    $"The call cannot be judged: a pattern of rule '{rule.Id}' took longer than {RegexTimeout.TotalSeconds:0} s on it. Split it into shorter commands.",
                    rule.Source);
            }

            if (match.Level == PolicyMatchLevel.Certain)
            {
                var decision = new PolicyDecision(rule.Action, rule.Id, match.Detail is null ? rule.Reason : $"{rule.Reason} ({match.Detail})", rule.Source);
                return pending is not null && Strictness(pending.Action) > Strictness(decision.Action) ? pending : decision;
            }

            if (match.Level == PolicyMatchLevel.Uncertain && pending is null && rule.Action != PolicyAction.Allow)
            {
                pending = new PolicyDecision(
                    PolicyAction.Confirm,
                    rule.Id,
                    $"{match.Detail}; the gate cannot see that value before the shell runs, so this needs approval. {rule.Reason}",
                    rule.Source);
            }
        }

        return pending;
    }

    private static PolicyMatch Matches(PolicyRule rule, PolicyTargets targets, CommandTargets? command, PolicyRequest request, string workspace, string home)
    {
        if (rule.Tools.Count > 0 && !rule.Tools.Contains(targets.Tool, StringComparer.Ordinal))
        {
            return PolicyMatch.No;
        }

        if (rule.Network is { } network && network != request.Network)
        {
            return PolicyMatch.No;
        }

        if (!rule.HasMatchers)
        {
            return PolicyMatch.Yes();
        }

        if (targets.Command is { } text && rule.Commands.Count > 0)
        {
            if (rule.Action == PolicyAction.Allow)
            {
                // An allow pattern must cover every program the line runs: `make; rm -rf /` is not `make`.
                var lines = command is { CoreLines.Count: > 0 } ? command.CoreLines : [text];
                if (command is { Analysis.UnknownCode.Count: 0, Analysis.DownloadsToShell.Count: 0 } && lines.All(l => rule.Commands.Any(r => r.IsMatch(l))))
                {
                    return PolicyMatch.Yes();
                }
            }
            else if (rule.Commands.Any(r => r.IsMatch(text)) || (command is not null && command.Lines.Any(l => rule.Commands.Any(r => r.IsMatch(l)))))
            {
                return PolicyMatch.Yes();
            }
        }

        if (rule.Paths.Count > 0)
        {
            foreach (var path in targets.Paths)
            {
                var resolved = PolicyPaths.Resolve(path, workspace, home);
                if (rule.Paths.Any(r => r.IsMatch(path) || r.IsMatch(resolved)))
                {
                    return PolicyMatch.Yes($"'{path}'");
                }
            }

            foreach (var (path, resolved) in command?.Paths ?? [])
            {
                if (rule.Paths.Any(r => r.IsMatch(path) || r.IsMatch(resolved)))
                {
                    return PolicyMatch.Yes($"'{ShellWord.Show(path)}'");
                }
            }
        }

        return rule.Check is { } check ? PolicyChecks.Run(check, targets, command, workspace, home) : PolicyMatch.No;
    }

    /// <summary>The effective policy and the layers that changed it, as lines for a run header.</summary>
    public IReadOnlyList<string> Describe()
    {
        var counts = Rules.GroupBy(r => r.Source).Select(g => $"{g.Count()} from {g.Key}");
        var lines = new List<string> { $"default {Name(DefaultAction)} ({DefaultSource}); {Rules.Count} rules: {string.Join(", ", counts)}" };
        foreach (var layer in _layers)
        {
            var kind = layer.Kind switch
            {
                PolicyLayerKind.User => "your configuration",
                PolicyLayerKind.Workspace => "workspace, may only tighten",
                PolicyLayerKind.Run => "--policy",
                _ => "built-in",
            };
            var changes = layer.Applied.Count == 0 ? "no change" : string.Join("; ", layer.Applied);
            lines.Add($"+ {layer.Source} ({kind}): {changes}{(layer.Refused.Count > 0 ? $"; {layer.Refused.Count} change(s) refused" : string.Empty)}");
        }

        return lines;
    }

    /// <summary>The effective policy, its layers and warnings as JSON, to record on a run.</summary>
    public JsonObject ToJson() => new()
    {
        ["default"] = Name(DefaultAction),
        ["default_source"] = DefaultSource,
        ["rules"] = new JsonArray([.. Rules.Select(r => (JsonNode?)new JsonObject { ["id"] = r.Id, ["action"] = Name(r.Action), ["source"] = r.Source })]),
        ["layers"] = new JsonArray([.. _layers.Select(l => (JsonNode?)new JsonObject
        {
            ["source"] = l.Source,
            ["kind"] = l.Kind switch { PolicyLayerKind.User => "user", PolicyLayerKind.Workspace => "workspace", PolicyLayerKind.Run => "run", _ => "built-in" },
            ["applied"] = new JsonArray([.. l.Applied.Select(a => (JsonNode?)a)]),
            ["refused"] = new JsonArray([.. l.Refused.Select(a => (JsonNode?)a)]),
        })]),
        ["warnings"] = new JsonArray([.. _warnings.Select(w => (JsonNode?)w)]),
    };

    /// <summary>The <c>policy</c> section of the user's configuration file as YAML; null when there is none.</summary>
    private static string? UserPolicy(string configFile, string text)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new PolicyException($"{configFile}: line {ex.Start.Line}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("policy"), out var section))
        {
            return null;
        }

        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(section)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static int Strictness(PolicyAction action) => action switch
    {
        PolicyAction.Deny => 2,
        PolicyAction.Confirm => 1,
        _ => 0,
    };

    private static string Name(PolicyAction action) => action.ToString().ToLowerInvariant();

    private static PolicyFileModel Parse(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        try
        {
            return deserializer.Deserialize<PolicyFileModel?>(yaml) ?? new PolicyFileModel();
        }
        catch (YamlException ex)
        {
            var detail = ex.InnerException?.Message ?? ex.Message;
            throw new PolicyException($"{source}: line {ex.Start.Line}: {detail}", ex);
        }
    }

    private static PolicyRule Compile(PolicyRuleModel model, string source)
    {
        if (string.IsNullOrWhiteSpace(model.Id))
        {
            throw new PolicyException($"{source}: every rule needs an 'id'.");
        }

        var where = $"{source}: rule '{model.Id}'";
        if (model.Action is null)
        {
            throw new PolicyException($"{where}: 'action' is required (allow, deny or confirm).");
        }

        var action = ParseAction(model.Action, source, $"rule '{model.Id}' action");
        bool? network = model.Network?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new PolicyException($"{where}: 'network' must be on or off, not '{model.Network}'."),
        };
        if (model.Check is { } check && !PolicyChecks.Names.Contains(check, StringComparer.Ordinal))
        {
            throw new PolicyException($"{where}: unknown check '{check}'. Known checks: {string.Join(", ", PolicyChecks.Names)}.");
        }

        var reason = model.Reason?.Trim();
        if (action != PolicyAction.Allow && string.IsNullOrEmpty(reason))
        {
            throw new PolicyException($"{where}: a {model.Action} rule needs a 'reason' to show the model.");
        }

        return new PolicyRule(
            model.Id,
            action,
            reason ?? "allowed by policy",
            model.Tools ?? [],
            network,
            Regexes(model.Command, where, "command"),
            Regexes(model.Path, where, "path"),
            model.Check,
            source);
    }

    private static List<PolicyPattern> Regexes(List<string>? patterns, string where, string key)
    {
        var regexes = new List<PolicyPattern>();
        foreach (var pattern in patterns ?? [])
        {
            try
            {
                regexes.Add(new PolicyPattern(pattern, RegexTimeout));
            }
            catch (ArgumentException ex)
            {
                throw new PolicyException($"{where}: the {key} pattern '{pattern}' is not a valid regular expression: {ex.Message}", ex);
            }
        }

        return regexes;
    }

    private static PolicyAction ParseAction(string text, string source, string what) => text.Trim().ToLowerInvariant() switch
    {
        "allow" => PolicyAction.Allow,
        "deny" => PolicyAction.Deny,
        "confirm" => PolicyAction.Confirm,
        _ => throw new PolicyException($"{source}: {what} must be allow, deny or confirm, not '{text}'."),
    };

    private static PolicySet LoadBuiltIn()
    {
        using var stream = typeof(PolicySet).Assembly.GetManifestResourceStream("Leviathan.Tools.Policy.default-policy.yaml")
            ?? throw new InvalidOperationException("The built-in policy resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return new PolicySet([], [], PolicyAction.Allow, BuiltInSource, [], []).With(reader.ReadToEnd(), BuiltInSource, PolicyLayerKind.BuiltIn);
    }
}
