using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;

namespace Leviathan.Engineering.Tests;

public sealed class ScreeningOrderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    public void Groups_EveryFamily_SampleZeroAloneThenTheCornersThenTheRestEachStartOnce(int size)
    {
        foreach (var family in BenchmarkFamilies.All)
        {
            var benchmark = family.Create(family.Name, 7, new Random(7));
            var starts = JudgeStarts.List(benchmark, new EvaluationOptions());

            var groups = ScreeningOrder.Groups(starts, size).Select(g => g.Select(s => s.Pose).ToList()).ToList();

            groups[0].ShouldBe([starts[0].Pose]);
            groups.Skip(1).ShouldAllBe(g => g.Count >= 1 && g.Count <= size);
            var flat = groups.SelectMany(g => g).ToList();
            flat.Count.ShouldBe(starts.Count);
            flat.ShouldBe(starts.Select(s => s.Pose), ignoreOrder: true);
            var corners = starts.Where(s => s.Label.StartsWith("corner", StringComparison.Ordinal)).Select(s => s.Pose).ToList();
            corners.Count.ShouldBe(4, family.Name);
            flat.Skip(1).Take(corners.Count).ShouldBe(corners);
            flat[^1].ShouldBe(starts.Single(s => s.Label == "nominal").Pose);
        }
    }
}
