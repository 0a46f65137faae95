using Leviathan.Testing;

namespace Leviathan.Tools.Tests.Snapshots;

[CollectionDefinition(HostileEnvironmentCollection.Name, DisableParallelization = true)]
public sealed class HostileEnvironmentDefinition;

/// <summary>Host git never inherits the user's git configuration or <c>GIT_*</c> variables.</summary>
[Collection(HostileEnvironmentCollection.Name)]
public sealed class SnapshotHostileEnvironmentTests : IDisposable
{
    private readonly SnapshotContainmentTests _attack = new();

    public void Dispose() => _attack.Dispose();

    [Fact]
    public async Task Checkpoint_HostileGitEnvironmentAndUserConfig_AreNotInherited()
    {
        await HostileEnvironment.RunAsync(_attack.Script, _attack.Root, async () =>
        {
            HostileGit.Attributes(_attack.Workspace);
            await _attack.UseEveryOperationAsync();
        });

        _attack.ScriptNeverRan();
    }
}
