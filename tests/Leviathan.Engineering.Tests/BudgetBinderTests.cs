using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;

namespace Leviathan.Engineering.Tests;

public sealed class BudgetBinderTests
{
    private static readonly BenchmarkSpec Benchmark = new PushFamily().Create("push", 7, new Random(7));

    [Fact]
    public void Bind_ManySeeds_PutsBothLimitsBetween1Point1And1Point6TimesTheReference()
    {
        for (var seed = 0L; seed < 500; seed++)
        {
            var (bound, cost, weight) = BudgetBinder.Bind(Benchmark, referenceCost: 12.34, referenceWeight: 0.2345, seed);

            bound.Limits.MaxUnitCost.ShouldBeInRange(12.34 * 1.1, (12.34 * 1.6) + 0.01);
            bound.Limits.MaxWeight.ShouldBeInRange(0.2345 * 1.1, (0.2345 * 1.6) + 0.0001);
            cost.ShouldBeInRange(1.1, 1.61);
            weight.ShouldBeInRange(1.1, 1.61);
        }
    }

    [Fact]
    public void Bind_TinyReference_StopsAtTheDocumentedFloors()
    {
        var (bound, _, _) = BudgetBinder.Bind(Benchmark, referenceCost: 0.2, referenceWeight: 0.001, seed: 3);

        bound.Limits.MaxUnitCost.ShouldBe(BudgetBinder.CostFloor);
        bound.Limits.MaxWeight.ShouldBe(BudgetBinder.WeightFloor);
    }

    [Fact]
    public void Bind_SameSeed_SameLimitsAndTheFamilysOtherFieldsUntouched()
    {
        var first = BudgetBinder.Bind(Benchmark, 12.34, 0.2345, 42).Benchmark;
        var second = BudgetBinder.Bind(Benchmark, 12.34, 0.2345, 42).Benchmark;

        second.Limits.ShouldBe(first.Limits);
        first.Limits.Quantity.ShouldBe(Benchmark.Limits.Quantity);
        first.Payload.ShouldBe(Benchmark.Payload);
    }
}
