using Leviathan.Simulation.Native;

namespace Leviathan.Simulation.Engine;

/// <summary>
/// Compiled mjModels kept by a key the host derives from the model's text and the size and modification time of
/// every file it refers to, so validating or simulating an unchanged model again skips MuJoCo's compiler
/// (about half the cost of validating humanoid.xml). mjModel is read-only while stepping; each run gets its own
/// mjData. Entries in use are never freed: eviction waits until the last user lets go. Worker-only, single-threaded.
/// </summary>
internal static class CompiledModelCache
{
    private const int Capacity = 8;
    private static readonly LinkedList<Entry> Entries = new();

    public static Entry? Rent(string key)
    {
        for (var node = Entries.First; node is not null; node = node.Next)
        {
            if (node.Value.Key == key)
            {
                Entries.Remove(node);
                Entries.AddFirst(node);
                node.Value.Users++;
                return node.Value;
            }
        }

        return null;
    }

    /// <summary>Adds a freshly compiled model (already rented once by the caller).</summary>
    public static Entry Add(string key, nint model)
    {
        var entry = new Entry(key, model) { Users = 1 };
        Entries.AddFirst(entry);
        while (Entries.Count > Capacity)
        {
            var last = Entries.Last!.Value;
            Entries.RemoveLast();
            last.Evicted = true;
            last.ReleaseIfUnused();
        }

        return entry;
    }

    internal sealed class Entry(string key, nint model)
    {
        public string Key { get; } = key;

        public nint Model { get; private set; } = model;

        public int Users { get; set; }

        public bool Evicted { get; set; }

        public void Return()
        {
            Users--;
            ReleaseIfUnused();
        }

        public void ReleaseIfUnused()
        {
            if (Evicted && Users == 0 && Model != 0)
            {
                MujocoNative.mj_deleteModel(Model);
                Model = 0;
            }
        }
    }
}
