using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

/// <summary>Benchmarks made in the thousands: the process of each part matters, and the limits still bind.</summary>
public sealed class GenerationQuantityTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-gen-quantity");

    [Fact]
    public void Limits_OverManySeeds_DrawRunsInTheThousandsThatAllowMoulding()
    {
        var limits = Enumerable.Range(0, 300).Select(seed => new GapFamily().Create("q", seed, new Random(seed)).Limits).ToList();

        var thousands = limits.Where(l => l.Quantity >= 1000).ToList();
        thousands.Count.ShouldBeInRange(60, 140); // a third of the draws
        thousands.ShouldAllBe(l => l.Processes.Contains(ManufacturingProcess.InjectionMoulding));
        limits.Where(l => l.Quantity < 1000).ShouldAllBe(l => !l.Processes.Contains(ManufacturingProcess.InjectionMoulding));
    }

    [Fact]
    public async Task Generate_GapMadeInTheThousands_ReferenceUsesTheCheapestProcessPerPartNotAlwaysPrintingAndLimitsBind()
    {
        // Candidate seed 796493455 of the gap family draws a run of 5000 units.
        var family = new FixedSeedFamily(new GapFamily(), 796493455);
        var index = await FamilyGeneration.GenerateAsync(simulation, _temp, family, seed: 1, maxCandidates: 1, solverCandidates: 160);

        var kept = index.Candidates.ShouldHaveSingleItem();
        kept.Kept.ShouldBeTrue(kept.Detail);
        var folder = _temp.Combine("out", kept.Id);
        var benchmark = BenchmarkLoader.Load(Path.Combine(folder, BenchmarkGenerator.BenchmarkFile));
        benchmark.Limits.Quantity.ShouldBe(5000);
        benchmark.Limits.Processes.ShouldContain(ManufacturingProcess.InjectionMoulding);

        // Per part: the reference's process is the cheapest the cost model offers among those the part passes the
        // manufacturability rules for, and at least one part is not printed because printing it would cost more.
        var reference = Path.Combine(folder, BenchmarkGenerator.ReferenceFolder);
        var processes = await ReferenceProcessesAsync(benchmark, reference);
        processes.Count(p => p != ManufacturingProcess.Print3d).ShouldBeGreaterThan(0);

        // The limits bind: the reference's figures times 1.1-1.6, rounded up.
        var evaluation = (await new BenchmarkChecker(RealCad.Analyzer(), simulation.Client, TimeProvider.System).CheckAsync(folder, new VerificationOptions(), CancellationToken.None)).Reference.ShouldNotBeNull();
        evaluation.Success.ShouldBeTrue(string.Join("; ", evaluation.Reasons.Select(r => r.Message)));
        benchmark.Limits.MaxUnitCost.ShouldBeInRange((evaluation.UnitCost!.Value * BudgetBinder.MinFactor) - 1e-9, (evaluation.UnitCost.Value * BudgetBinder.MaxFactor) + 0.01);
        benchmark.Limits.MaxWeight.ShouldBeInRange((evaluation.WeightKg!.Value * BudgetBinder.MinFactor) - 1e-9, (evaluation.WeightKg.Value * BudgetBinder.MaxFactor) + 0.0001);
    }

    [Theory]
    [InlineData(5000, true)]
    [InlineData(1, false)]
    public async Task Generate_DropMadeInTheThousandsOrAsOne_ReferenceMouldsPartsOnlyInTheThousands(int quantity, bool moulded)
    {
        // The same drop benchmark made in a run of 5000 or as a single unit: only the run pays for a mould.
        var family = new QuantityFamily(new DropFamily(), 1849870603, quantity);
        var index = await FamilyGeneration.GenerateAsync(simulation, _temp, family, seed: 1, maxCandidates: 1, solverCandidates: 400);

        var kept = index.Candidates.ShouldHaveSingleItem();
        kept.Kept.ShouldBeTrue(kept.Detail);
        var folder = _temp.Combine("out", kept.Id);
        var benchmark = BenchmarkLoader.Load(Path.Combine(folder, BenchmarkGenerator.BenchmarkFile));
        benchmark.Limits.Quantity.ShouldBe(quantity);

        var processes = await ReferenceProcessesAsync(benchmark, Path.Combine(folder, BenchmarkGenerator.ReferenceFolder));
        processes.Contains(ManufacturingProcess.InjectionMoulding).ShouldBe(moulded, string.Join(", ", processes));
        kept.ReferenceProcesses!.Contains("injection_moulding").ShouldBe(moulded);

        // The moulded reference still proves itself: the checker's own evaluation (OpenSCAD parts, manufacturability, simulation) passes.
        var evaluation = (await new BenchmarkChecker(RealCad.Analyzer(), simulation.Client, TimeProvider.System).CheckAsync(folder, new VerificationOptions(), CancellationToken.None)).Reference.ShouldNotBeNull();
        evaluation.Success.ShouldBeTrue(string.Join("; ", evaluation.Reasons.Select(r => r.Message)));
    }

    /// <summary>
    /// Checks that every reference part is made by the cheapest process the cost model offers among the allowed ones
    /// the rendered part passes the manufacturability rules for (moulding costed with the wall the rules measure, as the
    /// evaluator does), that a part not moulded is a box moulding rejects for its missing draft, and returns the processes.
    /// </summary>
    private static async Task<List<ManufacturingProcess>> ReferenceProcessesAsync(BenchmarkSpec benchmark, string reference)
    {
        var solution = SolutionLoader.Load(reference, benchmark);
        var analyzer = RealCad.Analyzer(TestPaths.CadCache);
        var costs = new CostEstimator(new CostRates());
        var rules = new ManufacturingRules();
        var processes = new List<ManufacturingProcess>();
        foreach (var spec in solution.Parts)
        {
            var part = (await analyzer.AnalyzeAsync(Path.Combine(reference, spec.File), CancellationToken.None)).Part.ShouldNotBeNull();
            var material = MaterialTable.Get(spec.Material);
            var checks = benchmark.Limits.Processes.Where(material.Processes.Contains)
                .ToDictionary(p => p, p => ManufacturabilityChecker.Check(spec.Name, part.Mesh, part.Topology, p, rules));
            double PerUnit(ManufacturingProcess process) =>
                costs.Estimate(new PartCostInput([spec.Name], material, process, part.VolumeCm3, part.Properties.SurfaceArea / 100, part.Properties.Bounds, process == ManufacturingProcess.InjectionMoulding ? checks[process].MaximumWallThickness : null, 1), benchmark.Limits.Quantity).PerUnit;
            var feasible = checks.Where(c => c.Value.Passed).Select(c => c.Key).ToList();
            feasible.ShouldContain(spec.Process, $"{spec.Name}: {string.Join("; ", checks[spec.Process].Failures.Select(f => f.Message))}");
            PerUnit(spec.Process).ShouldBe(feasible.Min(PerUnit), 1e-6, $"{spec.Name}: {spec.Process}");
            if (spec.Process != ManufacturingProcess.InjectionMoulding && checks.TryGetValue(ManufacturingProcess.InjectionMoulding, out var moulding))
            {
                moulding.Failures.ShouldContain(f => f.Rule == "draft");
            }

            processes.Add(spec.Process);
        }

        return processes;
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A family drawn with one candidate seed, made in a run of the given quantity (moulding allowed from 1000 units, as the families draw it).</summary>
    private sealed class QuantityFamily(IBenchmarkFamily inner, long seed, int quantity) : IBenchmarkFamily
    {
        public string Name => inner.Name;

        public FamilyLevelInputs LevelInputs => inner.LevelInputs;

        public BenchmarkSpec Create(string id, long candidateSeed, Random random)
        {
            var benchmark = inner.Create(id, seed, new Random((int)seed));
            return benchmark with
            {
                Limits = benchmark.Limits with
                {
                    Quantity = quantity,
                    Processes = quantity >= 1000
                        ? [ManufacturingProcess.Print3d, ManufacturingProcess.CncMilling, ManufacturingProcess.InjectionMoulding]
                        : [ManufacturingProcess.Print3d, ManufacturingProcess.CncMilling],
                },
            };
        }
    }

    /// <summary>A family that always draws with one candidate seed.</summary>
    private sealed class FixedSeedFamily(IBenchmarkFamily inner, long seed) : IBenchmarkFamily
    {
        public string Name => inner.Name;

        public FamilyLevelInputs LevelInputs => inner.LevelInputs;

        public BenchmarkSpec Create(string id, long candidateSeed, Random random) => inner.Create(id, seed, new Random((int)seed));
    }
}
