using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;

namespace Leviathan.Engineering.Tests;

public sealed class DifficultyTests
{
    private static readonly JitterSpec Small = new() { Position = [0.002, 0.004, 0] };
    private static readonly JitterSpec Wide = new() { Position = [0.01, 0.01, 0], Rotation = [0, 0, 10] };

    [Fact]
    public void Level_OnePartNoMotorFoundAtOnceLooseLimitsSmallJitter_IsZero() =>
        Difficulty.Level(parts: 1, motors: 0, solverCandidates: 4, costTightness: 1.55, weightTightness: 1.5, Small).ShouldBe(0);

    [Fact]
    public void Level_ManyPartsTwoMotorsLongSearchTightLimitsWideJitter_IsCappedAtFive() =>
        Difficulty.Level(parts: 6, motors: 2, solverCandidates: 900, costTightness: 1.12, weightTightness: 1.5, Wide).ShouldBe(Difficulty.MaxLevel);

    [Fact]
    public void Level_EachHarderMeasurement_NeverLowersTheLevel()
    {
        var random = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var parts = random.Next(1, 7);
            var motors = random.Next(0, 3);
            var candidates = random.Next(1, 1000);
            var cost = 1.1 + (random.NextDouble() * 0.5);
            var weight = 1.1 + (random.NextDouble() * 0.5);
            var level = Difficulty.Level(parts, motors, candidates, cost, weight, Small);

            level.ShouldBeInRange(0, Difficulty.MaxLevel);
            Difficulty.Level(parts + 1, motors, candidates, cost, weight, Small).ShouldBeGreaterThanOrEqualTo(level);
            Difficulty.Level(parts, motors + 1, candidates, cost, weight, Small).ShouldBeGreaterThanOrEqualTo(level);
            Difficulty.Level(parts, motors, candidates + 300, cost, weight, Small).ShouldBeGreaterThanOrEqualTo(level);
            Difficulty.Level(parts, motors, candidates, cost - 0.2, weight, Small).ShouldBeGreaterThanOrEqualTo(level);
            Difficulty.Level(parts, motors, candidates, cost, weight, Wide).ShouldBeGreaterThanOrEqualTo(level);
        }
    }

    [Fact]
    public void Level_AMotorAndALongSearch_RaisesAnEasyBenchmarkByTwoLevels()
    {
        var easy = Difficulty.Level(parts: 1, motors: 0, solverCandidates: 10, costTightness: 1.5, weightTightness: 1.5, Small);
        var driven = Difficulty.Level(parts: 1, motors: 1, solverCandidates: 300, costTightness: 1.5, weightTightness: 1.5, Small);

        (driven - easy).ShouldBe(2);
    }
}
