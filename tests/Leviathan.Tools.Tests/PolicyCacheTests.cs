using Leviathan.Tools.Contract;
using Leviathan.Tools.Policy;
using Leviathan.Testing;

namespace Leviathan.Tools.Tests;

/// <summary>Policies are compiled once per distinct text and shared by the runs that load the same files; an edit takes effect at the next load.</summary>
public sealed class PolicyCacheTests : IDisposable
{
    private readonly TempDirectory _root = new("policy-cache");

    public void Dispose() => _root.Dispose();

    private static ToolCall Run(string command) => new("run_command", System.Text.Json.JsonSerializer.Serialize(new { command }));

    private string Workspace(string name, string? policyYaml)
    {
        var workspace = _root.Combine(name);
        Directory.CreateDirectory(workspace);
        if (policyYaml is not null)
        {
            Directory.CreateDirectory(Path.Combine(workspace, ".leviathan"));
            File.WriteAllText(Path.Combine(workspace, ".leviathan", "policy.yaml"), policyYaml);
        }

        return workspace;
    }

    private static PolicyAction Judge(PolicySet policy, string workspace, string command) =>
        policy.Evaluate(new PolicyRequest(Run(command), workspace, Network: false)).Action;

    [Fact]
    public void Load_SameFilesTwice_SharesTheCompiledSet()
    {
        var config = _root.Combine("config.yaml");
        File.WriteAllText(config, "policy:\n  rules:\n    - id: no-make\n      action: deny\n      command: ['^make\\b']\n      reason: builds are not allowed\n");
        var workspace = Workspace("ws", "rules:\n  - id: no-ls\n    action: deny\n    command: ['^ls\\b']\n    reason: listing is not allowed here\n");

        // A cache of the test's own: other tests' policies cannot push these sets out meanwhile.
        var cache = new PolicyLayerCache();
        var first = PolicySet.Load(workspace, null, config, cache);
        var second = PolicySet.Load(workspace, null, config, cache);

        second.ShouldBeSameAs(first);
        cache.Count.ShouldBe(2);
        Judge(second, workspace, "make all").ShouldBe(PolicyAction.Deny);
        Judge(second, workspace, "ls -la").ShouldBe(PolicyAction.Deny);
    }

    [Fact]
    public void Load_UserConfigEditedBetweenRuns_TakesEffectAtTheNextLoad()
    {
        var config = _root.Combine("config.yaml");
        var workspace = Workspace("ws", null);
        File.WriteAllText(config, "policy:\n  rules:\n    - id: no-make\n      action: deny\n      command: ['^make\\b']\n      reason: builds are not allowed\n");
        var cache = new PolicyLayerCache();
        var before = PolicySet.Load(workspace, null, config, cache);
        var modified = File.GetLastWriteTimeUtc(config);

        // The same modification time: only the text tells the two apart.
        File.WriteAllText(config, "policy:\n  rules:\n    - id: no-make\n      action: allow\n      command: ['^make\\b']\n      reason: builds are all right\n");
        File.SetLastWriteTimeUtc(config, modified);
        var after = PolicySet.Load(workspace, null, config, cache);

        Judge(before, workspace, "make all").ShouldBe(PolicyAction.Deny);
        Judge(after, workspace, "make all").ShouldBe(PolicyAction.Allow);
    }

    [Fact]
    public void Load_PolicySectionRemovedFromUserConfig_FallsBackToTheDefaults()
    {
        var config = _root.Combine("config.yaml");
        var workspace = Workspace("ws", null);
        File.WriteAllText(config, "policy:\n  disable: [network-tools-offline]\n");
        Judge(PolicySet.Load(workspace, userConfigFile: config), workspace, "curl http://localhost:8080").ShouldBe(PolicyAction.Allow);

        File.WriteAllText(config, "store:\n  provider: sqlite\n");
        var after = PolicySet.Load(workspace, userConfigFile: config);

        Judge(after, workspace, "curl http://localhost:8080").ShouldBe(PolicyAction.Deny);
        after.Layers.ShouldBeEmpty();
    }

    [Fact]
    public void Load_TwoWorkspacesWithDifferentPolicies_EachGetsItsOwn()
    {
        var strict = Workspace("strict", "rules:\n  - id: no-ls\n    action: deny\n    command: ['^ls\\b']\n    reason: listing is not allowed here\n");
        var plain = Workspace("plain", null);
        var other = Workspace("other", "rules:\n  - id: no-cat\n    action: deny\n    command: ['^cat\\b']\n    reason: reading is not allowed here\n");

        var strictPolicy = PolicySet.Load(strict);
        var plainPolicy = PolicySet.Load(plain);
        var otherPolicy = PolicySet.Load(other);

        Judge(strictPolicy, strict, "ls").ShouldBe(PolicyAction.Deny);
        Judge(strictPolicy, strict, "cat README").ShouldBe(PolicyAction.Allow);
        Judge(plainPolicy, plain, "ls").ShouldBe(PolicyAction.Allow);
        Judge(otherPolicy, other, "ls").ShouldBe(PolicyAction.Allow);
        Judge(otherPolicy, other, "cat README").ShouldBe(PolicyAction.Deny);
        otherPolicy.Layers.ShouldHaveSingleItem().Source.ShouldContain("other");
    }

    [Fact]
    public void Load_WorkspacePolicyEditedBetweenRuns_TakesEffectAtTheNextLoad()
    {
        var workspace = Workspace("ws", "rules:\n  - id: no-ls\n    action: deny\n    command: ['^ls\\b']\n    reason: listing is not allowed here\n");
        Judge(PolicySet.Load(workspace), workspace, "ls").ShouldBe(PolicyAction.Deny);

        File.WriteAllText(Path.Combine(workspace, ".leviathan", "policy.yaml"), "rules:\n  - id: no-ls\n    action: confirm\n    command: ['^ls\\b']\n    reason: listing needs approval\n");
        Judge(PolicySet.Load(workspace), workspace, "ls").ShouldBe(PolicyAction.Confirm);

        File.Delete(Path.Combine(workspace, ".leviathan", "policy.yaml"));
        Judge(PolicySet.Load(workspace), workspace, "ls").ShouldBe(PolicyAction.Allow);
    }

    [Fact]
    public void Load_RunPolicyFileEditedBetweenRuns_TakesEffectAtTheNextLoad()
    {
        var workspace = Workspace("ws", null);
        var file = _root.Combine("run-policy.yaml");
        File.WriteAllText(file, "rules:\n  - id: no-make\n    action: deny\n    command: ['^make\\b']\n    reason: builds are not allowed\n");
        Judge(PolicySet.Load(workspace, file), workspace, "make").ShouldBe(PolicyAction.Deny);

        File.WriteAllText(file, "rules:\n  - id: no-make\n    action: confirm\n    command: ['^make\\b']\n    reason: builds need approval\n");

        Judge(PolicySet.Load(workspace, file), workspace, "make").ShouldBe(PolicyAction.Confirm);
    }

    [Fact]
    public void Load_InvalidPolicyAfterAValidOne_FailsAgainEveryTime()
    {
        var workspace = Workspace("ws", null);
        var file = _root.Combine("run-policy.yaml");
        File.WriteAllText(file, "rules:\n  - id: no-make\n    action: deny\n    command: ['^make\\b']\n    reason: builds are not allowed\n");
        PolicySet.Load(workspace, file);

        File.WriteAllText(file, "rules:\n  - id: broken\n    action: deny\n    command: ['(unclosed']\n    reason: broken pattern\n");

        Should.Throw<PolicyException>(() => PolicySet.Load(workspace, file)).Message.ShouldContain("not a valid regular expression");
        Should.Throw<PolicyException>(() => PolicySet.Load(workspace, file)).Message.ShouldContain("not a valid regular expression");
    }
}
