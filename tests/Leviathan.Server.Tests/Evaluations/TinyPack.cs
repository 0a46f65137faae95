using Leviathan.Testing;

namespace Leviathan.Server.Tests.Evaluations;

/// <summary>A pack of <see cref="TinyTask"/> tasks (docs/evaluation.md): add() sums absolute values; a hidden test catches negative numbers.</summary>
internal static class TinyPack
{
    public const string FixedCalc = TinyTask.FixedCalc;

    /// <summary>Writes the pack into a new folder <paramref name="name"/> under <paramref name="parent"/> and returns it; one task, or the same task under each of <paramref name="tasks"/>.</summary>
    public static string WriteTo(string parent, string name, params string[] tasks)
    {
        var root = Path.Combine(parent, name);
        TinyTask.WriteFile(root, "suite.yaml", TinyTask.SuiteYaml(tokens: 100_000, usd: 5, judgeTimeoutSeconds: 60));
        foreach (var task in tasks.Length == 0 ? ["negative-sum"] : tasks)
        {
            TinyTask.Write(root, task, TinyTask.TaskYaml(task, $"add() returns the wrong sum for negative numbers (task {task})."));
        }

        return root;
    }
}
