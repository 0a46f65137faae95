using Leviathan.Evaluation.Comparing;
using Leviathan.Evaluation.Results;
using Leviathan.Testing;

namespace Leviathan.Evaluation.Tests;

/// <summary><c>eval compare</c>'s pairing: common tasks and repeats only, counted attempts only, the exact McNemar p-value.</summary>
public sealed class ComparisonTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-compare");

    [Fact]
    public void Compare_TwoEvaluations_PairsCommonTasksAndGivesTheExactPValue()
    {
        // 12 common tasks: 2 both, 1 only A, 8 only B, 1 neither; 'extra' only in B; 'broken' an infrastructure fault in A.
        var a = Folder("a", "base", [.. Outcomes(2, true, true), .. Outcomes(1, true, false), .. Outcomes(8, false, true), .. Outcomes(1, false, false)], left: true);
        var b = Folder("b", "tuned", [.. Outcomes(2, true, true), .. Outcomes(1, true, false), .. Outcomes(8, false, true), .. Outcomes(1, false, false)], left: false);
        Append(a, new AttemptResult { Task = "broken", Configuration = "base", Repeat = 1, Status = "error", FailureCategory = "infrastructure" });
        Append(b, new AttemptResult { Task = "broken", Configuration = "tuned", Repeat = 1, Status = "succeeded", Judged = true, FailureCategory = "none" });
        Append(b, new AttemptResult { Task = "extra", Configuration = "tuned", Repeat = 1, Status = "succeeded", Judged = true, FailureCategory = "none" });

        var comparison = EvaluationComparer.Compare(a, b).ShouldHaveSingleItem();

        (comparison.Pairs, comparison.BothSucceeded, comparison.OnlyA, comparison.OnlyB, comparison.NeitherSucceeded).ShouldBe((12, 2, 1, 8, 1));
        comparison.PValue.ShouldBe(0.0390625, 1e-9);
        comparison.Tasks.Count.ShouldBe(9);
        comparison.OnlyInB.ShouldBe(["broken", "extra"]);
    }

    public void Dispose() => _temp.Dispose();

    private static IEnumerable<(bool A, bool B)> Outcomes(int count, bool a, bool b) => Enumerable.Repeat((a, b), count);

    private string Folder(string name, string configuration, List<(bool A, bool B)> outcomes, bool left)
    {
        var folder = _temp.Combine(name);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var succeeded = left ? outcomes[i].A : outcomes[i].B;
            Append(folder, new AttemptResult
            {
                Task = $"task-{i:00}", Configuration = configuration, Repeat = 1, Status = succeeded ? "succeeded" : "stuck", Judged = succeeded, FailureCategory = succeeded ? "none" : "stuck",
            });
        }

        return folder;
    }

    private static void Append(string folder, AttemptResult result)
    {
        using var file = ResultsFile.OpenForAppend(folder);
        file.Append(result);
    }
}
