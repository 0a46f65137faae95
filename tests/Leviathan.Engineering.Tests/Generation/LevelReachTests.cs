using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Solving;
using Leviathan.Simulation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Generation;

/// <summary>
/// The levels each family can reach, from what its draws fix (<see cref="IBenchmarkFamily.LevelInputs"/>) through
/// <see cref="Difficulty.Reach"/>, checked against the families' own draws, the baseline solver's design space and the
/// shipped sets; and the refusal of levels a generation's families can never reach.
/// </summary>
public sealed class LevelReachTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-level-reach");

    public static TheoryData<string> Families => new(BenchmarkFamilies.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Families))]
    public void LevelInputs_EveryDraw_HasTheStatedMotorsAndStartJitter(string name)
    {
        var family = BenchmarkFamilies.Find(name)!;
        var stated = family.LevelInputs;
        for (var seed = 0; seed < 200; seed++)
        {
            var spec = family.Create($"{name}-{seed}", seed, new Random(seed));

            spec.Motors.Count.ShouldBe(stated.Motors, $"seed {seed}");
            foreach (var payload in new[] { spec.Payload }.Concat(spec.ExtraPayloads ?? []))
            {
                payload.Jitter.Position.ShouldBe(stated.Jitter.Position, $"seed {seed}, {payload.Name}");
                payload.Jitter.Rotation.ShouldBe(stated.Jitter.Rotation, $"seed {seed}, {payload.Name}");
            }
        }
    }

    /// <summary>
    /// The stated fewest parts is the fewest the baseline solver's design space decodes over many draws (so no level is
    /// refused that the solver could reach), except where the family documents that physics needs more: conveyor's
    /// pusher plate alone drops the block into the pit, so a chute is a second part.
    /// </summary>
    [Theory]
    [MemberData(nameof(Families))]
    public void LevelInputs_MinParts_IsTheFewestPartsTheSolversDesignSpaceDecodes(string name)
    {
        var family = BenchmarkFamilies.Find(name)!;
        var fewest = int.MaxValue;
        var genes = new Random(7);
        for (var seed = 0; seed < 24; seed++)
        {
            var spec = family.Create($"{name}-{seed}", seed, new Random(seed));
            var space = new SearchSpace(spec, Making.Allowed(spec, new ManufacturingRules()));
            for (var draw = 0; draw < 60; draw++)
            {
                var point = Enumerable.Range(0, space.Dimensions).Select(_ => genes.NextDouble()).ToArray();
                var candidate = space.Decode(point);
                fewest = Math.Min(fewest, candidate.Parts.Count);
                candidate.Controls.Select(c => c.Motor).Distinct().Count().ShouldBe(family.LevelInputs.Motors, "the solver drives every motor");
            }
        }

        if (name == "conveyor")
        {
            fewest.ShouldBe(family.LevelInputs.MinParts - 1, "the design space can leave out the chute, which physics needs");
        }
        else
        {
            fewest.ShouldBe(family.LevelInputs.MinParts);
        }
    }

    [Fact]
    public void Reach_OfEveryFamily_HoldsEveryProvenBenchmarkOfTheShippedSets()
    {
        var checkedCount = 0;
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.Examples, "suites"), BenchmarkGenerator.IndexFile, SearchOption.AllDirectories))
        {
            var index = JsonSerializer.Deserialize(File.ReadAllText(path), GenerationJsonContext.Default.GenerationIndex)!;
            var solverCandidates = int.Parse(index.Settings?.GetValueOrDefault("solver_candidates") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var proven in index.Candidates.Where(c => c.Level is not null && BenchmarkFamilies.Find(c.Family) is not null))
            {
                var inputs = BenchmarkFamilies.Find(proven.Family)!.LevelInputs;
                Difficulty.Reach(inputs, solverCandidates).Contains(proven.Level!.Value).ShouldBeTrue($"{path}: {proven.Id} is level {proven.Level}");
                proven.ReferenceParts!.Value.ShouldBeGreaterThanOrEqualTo(inputs.MinParts, proven.Id);
                proven.ReferenceMotors.ShouldBe(inputs.Motors, proven.Id);
                checkedCount++;
            }
        }

        checkedCount.ShouldBeGreaterThan(40);
    }

    [Fact]
    public void Reach_WithTheDefaultSolverBudget_OnlyGapReachesLevelZero_AndTwoMotorsStartAtThree()
    {
        var reach = BenchmarkFamilies.All.ToDictionary(f => f.Name, f => Difficulty.Reach(f.LevelInputs, 1000));

        reach.Where(r => r.Value.Contains(0)).Select(r => r.Key).ShouldBe(["gap"]);
        reach["gap"].ShouldBe(new LevelRange(0, 4));
        reach["drop"].ShouldBe(new LevelRange(1, 5), "its 1 cm start jitter adds half a point to one part found at once");
        reach["gate"].Min.ShouldBe(1, "a curved guide is at least four parts");
        reach["relay"].ShouldBe(new LevelRange(3, 5));
        Difficulty.Reach(new GapFamily().LevelInputs, 40).ShouldBe(new LevelRange(0, 3), "a solver that screens under 50 candidates adds no search points");
    }

    [Fact]
    public void Docs_TheTableOfLevelsEachFamilyReaches_IsWhatTheCodeDerives()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "benchmark-generation.md"));
        var rows = System.Text.RegularExpressions.Regex.Matches(doc, @"^\| `(?<family>[a-z]+)` \| (?<parts>\d+) \(.*\| (?<min>\d)–(?<max>\d) \|$", System.Text.RegularExpressions.RegexOptions.Multiline);

        rows.Select(r => r.Groups["family"].Value).ShouldBe(BenchmarkFamilies.All.Select(f => f.Name));
        foreach (System.Text.RegularExpressions.Match row in rows)
        {
            var family = BenchmarkFamilies.Find(row.Groups["family"].Value)!;
            var reach = Difficulty.Reach(family.LevelInputs, 1000);
            (int.Parse(row.Groups["parts"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(row.Groups["min"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(row.Groups["max"].Value, System.Globalization.CultureInfo.InvariantCulture))
                .ShouldBe((family.LevelInputs.MinParts, reach.Min, reach.Max), family.Name);
        }
    }

    [Fact]
    public void Check_OneLevelAFamilyCannotReach_NamesItAndWhatEachFamilyReaches()
    {
        var refusal = LevelReach.Check([new DropFamily(), new GapFamily()], [0], 1000).ShouldNotBeNull();

        refusal.Message.ShouldBe("drop (1-5) cannot reach level 0; gap (0-4) can");
        refusal.Hint.ShouldStartWith("leave out drop (keep gap)");
        LevelReach.Check([new GapFamily()], [0], 1000).ShouldBeNull();
        LevelReach.Check([new DropFamily(), new GapFamily()], [2], 1000).ShouldBeNull();
    }

    [Fact]
    public void Check_OneLevelNoFamilyAskedForReaches_NamesTheOtherFamiliesThatDo()
    {
        var refusal = LevelReach.Check([new RelayFamily()], [1], 40).ShouldNotBeNull();

        refusal.Message.ShouldBe("relay (3-5) cannot reach level 1 (with 40 solver candidates); of the other families, drop (1-3), gap (0-3), lift (1-4), push (1-4), flip (1-4), gate (1-3), chute (1-3), sorting (1-3) can");
    }

    [Fact]
    public void Check_SeveralLevelsOneOfThemReachedByNoFamily_IsRefusedNamingTheFamiliesThatReachIt()
    {
        var refusal = LevelReach.Check([new DropFamily(), new PushFamily()], [0, 1, 2, 3], 1000).ShouldNotBeNull();

        refusal.Message.ShouldStartWith("no family asked for can reach level 0.");
        refusal.Message.ShouldContain("(with 1000 solver candidates): drop 1-5, push 1-5; of the other families, gap (0-4) can");
        refusal.Hint.ShouldContain("add a family that reaches level 0 (gap)");
        LevelReach.Check([new DropFamily(), new GapFamily(), new RelayFamily()], [0, 1, 2, 3], 1000).ShouldBeNull("every level is reached by one family and every family reaches one level");
        LevelReach.Check([new GapFamily(), new RelayFamily()], [0, 1], 1000).ShouldNotBeNull().Message.ShouldStartWith("relay reaches none of levels 0-1 (it reaches 3-5)");
    }

    [Fact]
    public void Check_PerFamilyShareSmallerThanTheLevelsAFamilyReaches_IsRefused()
    {
        var refusal = LevelReach.Check([new GapFamily(), new RelayFamily()], [0, 1, 2, 3], 1000, perFamily: 2).ShouldNotBeNull();

        refusal.Message.ShouldStartWith("2 per family cannot spread gap over the 4 levels asked for that it reaches (0-3)");
        refusal.Hint.ShouldContain("ask for more per family or for fewer levels");
        LevelReach.Check([new GapFamily(), new RelayFamily()], [0, 1, 2, 3], 1000, perFamily: 4).ShouldBeNull("relay's share goes to level 3, the one it reaches");
    }

    [Fact]
    public async Task Generate_LevelNoFamilyAskedForReaches_IsRefusedBeforeAnyCandidate()
    {
        var output = _temp.Combine("out");
        using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = 1 });
        var generator = new BenchmarkGenerator(RealCad.Analyzer(), simulation, TimeProvider.System);
        var options = new GeneratorOptions
        {
            Count = 1,
            Seed = 1,
            OutputDirectory = output,
            Families = [new DropFamily()],
            Level = 0,
            Solver = new SolverOptions { CacheDirectory = _temp.Combine("boxes") },
        };

        var error = await Should.ThrowAsync<ArgumentException>(() => generator.GenerateAsync(options, null, CancellationToken.None));

        error.Message.ShouldContain("drop (1-5) cannot reach level 0");
        Directory.Exists(output).ShouldBeFalse("nothing was tried");
    }

    public void Dispose() => _temp.Dispose();
}
