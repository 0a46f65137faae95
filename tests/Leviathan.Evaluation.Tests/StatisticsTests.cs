using Leviathan.Evaluation.Statistics;

namespace Leviathan.Evaluation.Tests;

/// <summary>The statistics of the reports against values computed by hand (and by R's binom.test / prop.test).</summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(7, 12, 0.319511, 0.806740)]
    [InlineData(0, 10, 0.0, 0.277533)]
    [InlineData(10, 10, 0.722467, 1.0)]
    [InlineData(50, 100, 0.403832, 0.596168)]
    public void Wilson_KnownProportions_GiveTheTextbookInterval(int successes, int trials, double lower, double upper)
    {
        var (low, high) = WilsonInterval.Of(successes, trials);

        low.ShouldBe(lower, 1e-6);
        high.ShouldBe(upper, 1e-6);
    }

    [Fact]
    public void Wilson_NoTrials_IsTheWholeRange() => WilsonInterval.Of(0, 0).ShouldBe((0.0, 1.0));

    [Theory]
    [InlineData(5, 2, 1, 0.4)]
    [InlineData(5, 2, 2, 0.7)]
    [InlineData(5, 0, 3, 0.0)]
    [InlineData(5, 3, 3, 1.0)]
    [InlineData(10, 1, 5, 0.5)]
    [InlineData(200, 13, 10, 0.497551)]
    public void PassAtK_KnownCounts_GiveTheUnbiasedEstimate(int attempts, int successes, int k, double expected) =>
        PassAtK.OfTask(attempts, successes, k).ShouldBe(expected, 1e-4);

    [Fact]
    public void PassAtK_Mean_AveragesOverTasks() =>
        PassAtK.Mean([(5, 2), (5, 0), (5, 5)], 1).ShouldBe((0.4 + 0 + 1) / 3, 1e-12);

    [Theory]
    [InlineData(1, 9, 0.021484375)]
    [InlineData(9, 1, 0.021484375)]
    [InlineData(5, 20, 0.004077315)]
    [InlineData(3, 3, 1.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(0, 6, 0.03125)]
    public void McNemar_DiscordantPairs_GiveTheExactTwoSidedPValue(int onlyA, int onlyB, double expected) =>
        McNemarTest.ExactPValue(onlyA, onlyB).ShouldBe(expected, 1e-8);

    [Fact]
    public void Distribution_Sample_HasMedianAndP90ByInterpolation()
    {
        var d = Distribution.Of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        (d.Count, d.Mean, d.Median, d.Min, d.Max).ShouldBe((10, 5.5, 5.5, 1.0, 10.0));
        d.P90.ShouldBe(9.1, 1e-12);
    }
}
