using System.Collections.Concurrent;

namespace Leviathan.Tools.Policy;

/// <summary>
/// Policy sets already built from a layer's exact text, so that runs whose policy files did not change share the
/// compiled rules: parsing the YAML and building the rules' regular expressions costs milliseconds a run, every run
/// reads the same files, and a <see cref="PolicySet"/> is immutable. The key is the set the layer was put on (by
/// identity), the layer's kind and source name, and the layer's whole text: a file edited between two runs is a
/// new key, whatever its modification time says.
/// </summary>
internal sealed class PolicyLayerCache
{
    // A process sees a handful of distinct policies (one config.yaml, a few workspaces' files); past this many the
    // cache starts again rather than grow without bound.
    private const int Capacity = 256;

    private readonly ConcurrentDictionary<Key, PolicySet> _sets = new();

    /// <summary>The cache <see cref="PolicySet.Load(string, string?, string?)"/> uses.</summary>
    public static PolicyLayerCache Shared { get; } = new();

    /// <summary>How many sets are held.</summary>
    public int Count => _sets.Count;

    /// <summary>The set built from <paramref name="baseSet"/> and a layer's text, built by <paramref name="build"/> on a miss; a failed build is not kept.</summary>
    public PolicySet GetOrAdd(PolicySet baseSet, PolicyLayerKind kind, string source, string text, Func<PolicySet> build)
    {
        var key = new Key(baseSet, kind, source, text);
        if (_sets.TryGetValue(key, out var set))
        {
            return set;
        }

        set = build();
        if (_sets.Count >= Capacity)
        {
            _sets.Clear();
        }

        return _sets.GetOrAdd(key, set);
    }

    // PolicySet does not override Equals: the base set is compared by identity, which is what a chain of cached layers needs.
    private readonly record struct Key(PolicySet Base, PolicyLayerKind Kind, string Source, string Text);
}
