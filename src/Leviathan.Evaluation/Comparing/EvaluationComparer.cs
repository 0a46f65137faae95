using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Statistics;

namespace Leviathan.Evaluation.Comparing;

/// <summary>
/// Compares two evaluations (their output folders) paired on common attempts: the same task and repeat, counted in both
/// (infrastructure faults and cancelled attempts are left out). With one configuration on each side, those two are
/// compared; otherwise each configuration name the two share.
/// </summary>
public static class EvaluationComparer
{
    /// <summary>The comparisons of two folders.</summary>
    /// <exception cref="InvalidOperationException">The folders share no configuration to compare.</exception>
    public static IReadOnlyList<PairedComparison> Compare(string directoryA, string directoryB)
    {
        var a = ResultsFile.Read(directoryA);
        var b = ResultsFile.Read(directoryB);
        var namesA = a.Select(r => r.Configuration).Distinct(StringComparer.Ordinal).ToList();
        var namesB = b.Select(r => r.Configuration).Distinct(StringComparer.Ordinal).ToList();
        List<(string A, string B)> pairs = namesA.Count == 1 && namesB.Count == 1
            ? [(namesA[0], namesB[0])]
            : [.. namesA.Intersect(namesB, StringComparer.Ordinal).Select(n => (n, n))];
        if (pairs.Count == 0)
        {
            throw new InvalidOperationException(
                $"the evaluations share no configuration name to pair ({string.Join(", ", namesA)} against {string.Join(", ", namesB)}); compare evaluations of one configuration each, or name configurations alike");
        }

        return [.. pairs.Select(p => Compare(p.A, [.. a.Where(r => r.Configuration == p.A && r.Counts)], p.B, [.. b.Where(r => r.Configuration == p.B && r.Counts)]))];
    }

    /// <summary>Compares the counted results of one configuration from each side.</summary>
    public static PairedComparison Compare(string nameA, IReadOnlyList<AttemptResult> a, string nameB, IReadOnlyList<AttemptResult> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byKeyB = b.ToDictionary(r => (r.Task, r.Repeat));
        int both = 0, onlyA = 0, onlyB = 0, neither = 0;
        var perTask = new Dictionary<string, (int A, int B, int N)>(StringComparer.Ordinal);
        foreach (var left in a)
        {
            if (!byKeyB.TryGetValue((left.Task, left.Repeat), out var right))
            {
                continue;
            }

            (both, onlyA, onlyB, neither) = (left.Succeeded, right.Succeeded) switch
            {
                (true, true) => (both + 1, onlyA, onlyB, neither),
                (true, false) => (both, onlyA + 1, onlyB, neither),
                (false, true) => (both, onlyA, onlyB + 1, neither),
                _ => (both, onlyA, onlyB, neither + 1),
            };
            var t = perTask.GetValueOrDefault(left.Task);
            perTask[left.Task] = (t.A + (left.Succeeded ? 1 : 0), t.B + (right.Succeeded ? 1 : 0), t.N + 1);
        }

        var tasksA = a.Select(r => r.Task).ToHashSet(StringComparer.Ordinal);
        var tasksB = b.Select(r => r.Task).ToHashSet(StringComparer.Ordinal);
        return new PairedComparison(
            nameA,
            nameB,
            both + onlyA + onlyB + neither,
            both,
            onlyA,
            onlyB,
            neither,
            McNemarTest.ExactPValue(onlyA, onlyB),
            [.. perTask.Where(t => t.Value.A != t.Value.B).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value.A, t.Value.B, t.Value.N))],
            [.. tasksA.Except(tasksB).Order(StringComparer.Ordinal)],
            [.. tasksB.Except(tasksA).Order(StringComparer.Ordinal)]);
    }
}
