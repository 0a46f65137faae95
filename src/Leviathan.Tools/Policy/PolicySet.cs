using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Leviathan.Tools.Policy;

/// <summary>
/// The rules in force for a run: the built-in defaults, then the workspace's
/// <c>.leviathan/policy.yaml</c>, then a run's own policy file. A later layer replaces rules by id,
/// removes them with <c>disable</c>, and puts its new rules first. The first matching rule decides.
/// </summary>
public sealed class PolicySet
{
    /// <summary>The source name of the embedded defaults.</summary>
    public const string BuiltInSource = "built-in";

    /// <summary>Where a workspace keeps its policy, relative to the workspace root.</summary>
    public const string WorkspacePolicyFile = ".leviathan/policy.yaml";

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly Lazy<PolicySet> BuiltIn = new(LoadBuiltIn);

    private readonly List<PolicyRule> _rules;

    private PolicySet(List<PolicyRule> rules, PolicyAction defaultAction, string defaultSource)
    {
        _rules = rules;
        DefaultAction = defaultAction;
        DefaultSource = defaultSource;
    }

    /// <summary>What happens when no rule matches.</summary>
    public PolicyAction DefaultAction { get; }

    /// <summary>The layer that set <see cref="DefaultAction"/>.</summary>
    public string DefaultSource { get; }

    /// <summary>The rule ids in the order they are checked.</summary>
    public IReadOnlyList<string> RuleIds => [.. _rules.Select(r => r.Id)];

    internal IReadOnlyList<PolicyRule> Rules => _rules;

    /// <summary>The built-in rules (embedded in this assembly).</summary>
    public static PolicySet Defaults() => BuiltIn.Value;

    /// <summary>The defaults, the workspace's policy file if it has one, then the run's policy file if given.</summary>
    /// <exception cref="PolicyException">A policy file is invalid or the run's file does not exist.</exception>
    public static PolicySet Load(string workspace, string? runPolicyFile = null)
    {
        var set = Defaults();
        var workspaceFile = Path.Combine(workspace, WorkspacePolicyFile);
        if (File.Exists(workspaceFile))
        {
            set = set.With(File.ReadAllText(workspaceFile), workspaceFile);
        }

        if (runPolicyFile is not null)
        {
            if (!File.Exists(runPolicyFile))
            {
                throw new PolicyException($"The policy file '{runPolicyFile}' does not exist.");
            }

            set = set.With(File.ReadAllText(runPolicyFile), Path.GetFullPath(runPolicyFile));
        }

        return set;
    }

    /// <summary>This set with another layer of YAML on top.</summary>
    /// <param name="yaml">The layer's text.</param>
    /// <param name="source">Its name in decisions and errors (a file path, <c>run</c>...).</param>
    /// <exception cref="PolicyException">The YAML is invalid.</exception>
    public PolicySet With(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var model = Parse(yaml, source);
        var rules = new List<PolicyRule>(_rules);
        foreach (var id in model.Disable ?? [])
        {
            if (rules.RemoveAll(r => r.Id == id) == 0)
            {
                throw new PolicyException($"{source}: 'disable' names the rule '{id}', which does not exist. Rules: {string.Join(", ", rules.Select(r => r.Id))}.");
            }
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
                rules[index] = rule;
            }
            else
            {
                added.Add(rule);
            }
        }

        var defaultAction = model.Default is null ? DefaultAction : ParseAction(model.Default, source, "default");
        return new PolicySet([.. added, .. rules], defaultAction, model.Default is null ? DefaultSource : source);
    }

    /// <summary>The decision for one call: the first matching rule, or the default.</summary>
    public PolicyDecision Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var targets = PolicyTargets.From(request.Call.Name ?? string.Empty, request.Call.ArgumentsJson);
        var workspace = PolicyPaths.Workspace(request.Workspace);
        var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        foreach (var rule in _rules)
        {
            if (Matches(rule, targets, request, workspace, home))
            {
                return new PolicyDecision(rule.Action, rule.Id, rule.Reason, rule.Source);
            }
        }

        return new PolicyDecision(DefaultAction, PolicyDecision.DefaultRuleId, "no rule matched", DefaultSource);
    }

    private static bool Matches(PolicyRule rule, PolicyTargets targets, PolicyRequest request, string workspace, string home)
    {
        if (rule.Tools.Count > 0 && !rule.Tools.Contains(targets.Tool, StringComparer.Ordinal))
        {
            return false;
        }

        if (rule.Network is { } network && network != request.Network)
        {
            return false;
        }

        if (!rule.HasMatchers)
        {
            return true;
        }

        if (targets.Command is { } command && rule.Commands.Any(r => IsMatch(r, command)))
        {
            return true;
        }

        if (rule.Paths.Count > 0)
        {
            foreach (var path in targets.Paths)
            {
                var resolved = PolicyPaths.Resolve(path, workspace, home);
                if (rule.Paths.Any(r => IsMatch(r, path) || IsMatch(r, resolved)))
                {
                    return true;
                }
            }
        }

        return rule.Check is { } check && PolicyChecks.Run(check, targets, workspace, home);
    }

    // A pattern that takes too long counts as a match: the gate fails closed.
    private static bool IsMatch(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

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

    private static List<Regex> Regexes(List<string>? patterns, string where, string key)
    {
        var regexes = new List<Regex>();
        foreach (var pattern in patterns ?? [])
        {
            try
            {
                regexes.Add(new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline, RegexTimeout));
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
        return new PolicySet([], PolicyAction.Allow, BuiltInSource).With(reader.ReadToEnd(), BuiltInSource);
    }
}
