using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Leviathan.Agents.Prompts;
using Leviathan.Agents.Team;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Tools;
using Leviathan.Simulation;
using Leviathan.Tools.Standard;

namespace Leviathan.Engineering.Teams.Benchmarks;

/// <summary>
/// The benchmark team as a definition over the one agent loop: the benchmark planner turns the brief into a plan
/// (learning objective, physics, geometry, limits), the benchmark coder writes <c>benchmark.json</c> and a reference
/// solution in the draft folder and checks them with <c>bench_check</c> and <c>cad_render</c>, the orchestrator proves
/// the draft (<see cref="BenchmarkDraftVerifier"/>), and the benchmark reviewer judges the spec and the renders.
/// </summary>
public static class BenchmarkTeam
{
    /// <summary>The team name recorded on runs.</summary>
    public const string Name = "benchmark";

    public const string PlannerRole = "benchmark_planner";

    public const string CoderRole = "benchmark_coder";

    public const string ReviewerRole = "benchmark_reviewer";

    /// <summary>The team setting recorded on the run: the output folder a kept benchmark goes to.</summary>
    public const string OutputSetting = "out";

    /// <summary>The team setting recorded on the run: the baseline solver's candidate budget.</summary>
    public const string SolverBudgetSetting = "solver_budget";

    /// <summary>The team setting recorded on the run when the baseline solver may lay flaps on passive hinges ("true"); absent otherwise.</summary>
    public const string HingedRampsSetting = "hinged_ramps";

    private static readonly Lazy<PromptTemplate> Planner = new(() => Load(PlannerRole));
    private static readonly Lazy<PromptTemplate> Coder = new(() => Load(CoderRole));
    private static readonly Lazy<PromptTemplate> Reviewer = new(() => Load(ReviewerRole));

    /// <summary>The prompt templates in use, by role.</summary>
    public static IReadOnlyList<PromptTemplate> Prompts => [Planner.Value, Coder.Value, Reviewer.Value];

    private static Dictionary<string, string> Settings(BenchmarkDraftOptions options)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OutputSetting] = options.OutputDirectory,
            [SolverBudgetSetting] = options.SolverBudget.ToString(CultureInfo.InvariantCulture),
        };
        if (options.HingedRamps)
        {
            settings[HingedRampsSetting] = "true";
        }

        return settings;
    }

    /// <summary>The team for one benchmark; the draft folder is the run's workspace.</summary>
    /// <remarks>
    /// As in the physics team, the render tools describe their images in text and carry the images with their results;
    /// the loop sends the images only to a role whose model profile has the capability <c>vision</c>.
    /// </remarks>
    public static TeamDefinition Create(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time, BenchmarkDraftVerifier verifier)
    {
        const bool images = true;
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(verifier);
        return new TeamDefinition
        {
            Name = Name,
            Planner = new TeamRole(PlannerRole, Planner.Value, run => [new ReadFileTool(), new ListFilesTool(), run.Control.TodoWrite()]),
            Worker = new TeamRole(CoderRole, Coder.Value, run =>
            [
                new ReadFileTool(),
                new WriteFileTool(),
                new EditFileTool(),
                new ListFilesTool(),
                new BenchCheckTool(analyzer, simulation, time, verifier.Options.Verification),
                CadRenderTool.ForDraft(analyzer, simulation, time, images),
                run.Control.TodoRead(),
                run.Control.TodoWrite(),
                run.Control.Finish(),
                run.Control.RefusePlan(),
            ]),
            Reviewer = new TeamRole(ReviewerRole, Reviewer.Value, run =>
            [
                new ReadFileTool(),
                new ListFilesTool(),
                CadRenderTool.ForDraft(analyzer, simulation, time, images),
                run.Control.Verdict(),
            ]),
            Verifier = verifier,
            Settings = Settings(verifier.Options),
            ReviewMaterial = (review, cancellationToken) => ReviewMaterialAsync(analyzer, simulation, time, verifier, review, cancellationToken),
            FirstPlannerMessage = run => $"Brief: {run.Options.Goal}\nWrite the benchmark plan with todo_write.",
            PromptValues = _ => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["solver"] = verifier.Options.SolverBudget > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"Without a passing reference, the orchestrator asks the baseline solver (at most {verifier.Options.SolverBudget} candidates); a reference of your own is the surer proof.")
                    : "The baseline solver is off: your reference is the only proof that the benchmark is solvable.",
            },
        };
    }

    private static async Task<string> ReviewMaterialAsync(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time, BenchmarkDraftVerifier verifier, TeamReviewContext review, CancellationToken cancellationToken)
    {
        // The reviewer judges the proven spec and pictures of it: the environment with the reference in it.
        var proven = verifier.Proven;
        var spec = proven is null
            ? "(not proven)"
            : await File.ReadAllTextAsync(Path.Combine(proven.Folder, BenchmarkGenerator.BenchmarkFile), cancellationToken).ConfigureAwait(false);
        var render = await CadRenderTool.ForDraft(analyzer, simulation, time, attachImages: false).InvokeAsync(
            JsonDocument.Parse("""{"views": ["iso", "top"], "with_environment": true}""").RootElement,
            review.Run.Tools,
            cancellationToken).ConfigureAwait(false);
        return $"Proof by the orchestrator:\n{review.Verification.Report}\nbenchmark.json:\n{spec}\nRenders:\n{render.Text}\n\nBenchmark plan:\n{review.Todo}\n\nCall verdict.";
    }

    private static PromptTemplate Load(string role) =>
        PromptTemplate.Load(Assembly.GetExecutingAssembly(), $"Leviathan.Engineering.Teams.Benchmarks.Prompts.{role}.md", role);
}
