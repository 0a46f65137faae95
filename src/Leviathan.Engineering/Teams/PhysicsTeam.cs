using System.Globalization;
using System.Reflection;
using Leviathan.Agents.Prompts;
using Leviathan.Agents.Team;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Tools;
using Leviathan.Tools.Standard;

namespace Leviathan.Engineering.Teams;

/// <summary>
/// The physics engineering team as a definition over the one agent loop: the planner writes a design plan, the
/// engineer designs in OpenSCAD and iterates with the CAD, validation and simulation tools, the orchestrator runs the
/// full evaluation, the reviewer judges it with the renders.
/// </summary>
public static class PhysicsTeam
{
    /// <summary>The team name recorded on runs.</summary>
    public const string Name = "physics";

    public const string PlannerRole = "planner";

    public const string EngineerRole = "engineer";

    public const string ReviewerRole = "reviewer";

    /// <summary>The run's team setting that names the benchmark file (absolute path) the attempt was made on.</summary>
    public const string BenchmarkSetting = "benchmark";

    /// <summary>The run's team setting with the SHA-256 of the benchmark file as it was attempted.</summary>
    public const string BenchmarkSha256Setting = "benchmark_sha256";

    /// <summary>The run's team setting with the number of seeded jitter samples of the evaluation.</summary>
    public const string SamplesSetting = "samples";

    private static readonly Lazy<PromptTemplate> Planner = new(() => Load(PlannerRole));
    private static readonly Lazy<PromptTemplate> Engineer = new(() => Load(EngineerRole));
    private static readonly Lazy<PromptTemplate> Reviewer = new(() => Load(ReviewerRole));

    /// <summary>The prompt templates in use, by role.</summary>
    public static IReadOnlyList<PromptTemplate> Prompts => [Planner.Value, Engineer.Value, Reviewer.Value];

    /// <summary>The team for one attempt at the workbench's benchmark; the solution folder is the run's workspace.</summary>
    /// <param name="workbench">The benchmark, CAD pipeline and simulation.</param>
    /// <remarks>
    /// The tools always describe their images in text and carry the images with their results; the loop sends the
    /// images only to a role whose model profile has the capability <c>vision</c>.
    /// </remarks>
    public static TeamDefinition Create(PhysicsWorkbench workbench)
    {
        const bool images = true;
        ArgumentNullException.ThrowIfNull(workbench);
        var verifier = new SolutionVerifier(workbench);
        return new TeamDefinition
        {
            Name = Name,
            Settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [BenchmarkSetting] = workbench.BenchmarkPath,
                [BenchmarkSha256Setting] = Sha256Of(workbench.BenchmarkPath),
                [SamplesSetting] = workbench.Evaluation.Samples.ToString(CultureInfo.InvariantCulture),
            },
            Planner = new TeamRole(PlannerRole, Planner.Value, run => [new ReadFileTool(), new ListFilesTool(), new CadInspectTool(workbench), run.Control.TodoWrite()]),
            Worker = new TeamRole(EngineerRole, Engineer.Value, run =>
            [
                new ReadFileTool(),
                new WriteFileTool(),
                new EditFileTool(),
                new ListFilesTool(),
                .. PhysicsTools.Engineer(workbench, images),
                run.Control.TodoRead(),
                run.Control.TodoWrite(),
                run.Control.Finish(),
                run.Control.RefusePlan(),
            ]),
            Reviewer = new TeamRole(ReviewerRole, Reviewer.Value, run =>
            [
                new ReadFileTool(),
                new ListFilesTool(),
                new CadRenderTool(workbench, images),
                new RobustVerdictTool(run.Control.Verdict(), verifier),
            ]),
            Verifier = verifier,
            ReviewMaterial = (review, cancellationToken) => ReviewMaterialAsync(workbench, review, cancellationToken),
            FirstPlannerMessage = run => $"Goal: {run.Options.Goal}\nBenchmark ({PhysicsWorkbench.BenchmarkCopy}):\n{File.ReadAllText(workbench.BenchmarkPath)}\nWrite the design plan with todo_write.",
            PromptValues = _ => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["benchmark"] = PhysicsWorkbench.BenchmarkCopy,
                ["limits"] = Limits(workbench),
            },
        };
    }

    /// <summary>The benchmark's limits in one line, as the prompts show them.</summary>
    public static string Limits(PhysicsWorkbench workbench)
    {
        ArgumentNullException.ThrowIfNull(workbench);
        var limits = workbench.Benchmark.Limits;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"unit cost at most {limits.MaxUnitCost} USD at a run of {limits.Quantity}, weight at most {limits.MaxWeight} kg, materials {string.Join(", ", limits.Materials)}, processes {string.Join(", ", limits.Processes.Select(ProcessNames.Of))}");
    }

    private static async Task<string> ReviewMaterialAsync(PhysicsWorkbench workbench, TeamReviewContext review, CancellationToken cancellationToken)
    {
        // The reviewer judges pictures of the evaluated design too, in the environment: as images when its model can
        // see, always as the text that describes them.
        var render = await new CadRenderTool(workbench, attachImages: true).InvokeAsync(
            System.Text.Json.JsonDocument.Parse("""{"views": ["iso", "front"], "with_environment": true}""").RootElement,
            review.Run.Tools,
            cancellationToken).ConfigureAwait(false);
        review.Attach(render.Images);
        return $"Evaluation by the orchestrator (all jittered starts):\n{review.Verification.Report}\n\nRenders:\n{render.Text}\n\nDesign plan:\n{review.Todo}\n\nCall verdict.";
    }

    /// <summary>The SHA-256 of a file, lower-case hex: what a rebuilt attempt checks the benchmark against.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    private static PromptTemplate Load(string role) =>
        PromptTemplate.Load(Assembly.GetExecutingAssembly(), $"Leviathan.Engineering.Teams.Prompts.{role}.md", role);
}
