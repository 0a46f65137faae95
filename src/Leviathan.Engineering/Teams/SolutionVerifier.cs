using System.Globalization;
using System.Text.Json;
using Leviathan.Agents.Team;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Tools;
using Leviathan.Tools.Contract;

namespace Leviathan.Engineering.Teams;

/// <summary>
/// The physics team's proof: the orchestrator runs the full evaluation (every check, every jittered start) on the
/// solution folder and writes <c>evaluation.json</c>. A solution whose every start and check passes goes to the
/// reviewer; so does one that only fails some starts (the reviewer must see and reject it as not robust, and
/// <see cref="RobustVerdictTool"/> refuses to let it be accepted). Anything else goes back to the engineer.
/// </summary>
public sealed class SolutionVerifier(PhysicsWorkbench workbench) : ITeamVerifier
{
    /// <summary>Where the final report goes, relative to the solution folder.</summary>
    public const string ReportFile = "evaluation.json";

    /// <summary>The last evaluation the orchestrator ran, or null before the first.</summary>
    public EvaluationReport? Last { get; private set; }

    public TeamVerifyCall? Describe(TeamRunContext context) => new(
        string.Create(CultureInfo.InvariantCulture, $"bench evaluate {workbench.Benchmark.Id} (all checks, {workbench.Evaluation.Samples} jitter samples plus the nominal start and the jitter corners)"),
        JsonSerializer.Serialize(new Dictionary<string, object> { ["benchmark"] = workbench.Benchmark.Id, ["samples"] = workbench.Evaluation.Samples }));

    public async Task<TeamVerification> VerifyAsync(TeamRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        EvaluationReport report;
        try
        {
            (_, report) = await workbench.EvaluateAsync(context.Workspace, simulate: true, samples: null, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolRefusedException ex)
        {
            Last = null;
            return new TeamVerification(false, "The solution cannot be evaluated: " + ex.Message, "failed: the solution cannot be evaluated") { Output = ex.Message };
        }

        Last = report;
        var json = JsonSerializer.Serialize(report, EngineeringJsonContext.Default.EvaluationReport);
        await File.WriteAllTextAsync(Path.Combine(context.Workspace.FullPath, ReportFile), json + "\n", cancellationToken).ConfigureAwait(false);
        var text = EvaluationText.Samples(report, workbench.Benchmark);
        var summary = report.Success
            ? string.Create(CultureInfo.InvariantCulture, $"passed: all {report.StartsDrawn} starts and every check (bench evaluate)")
            : string.Create(CultureInfo.InvariantCulture, $"failed: {report.StartsPassed} of {report.StartsDrawn} starts pass, {report.Reasons.Count} reason{(report.Reasons.Count == 1 ? string.Empty : "s")} (bench evaluate)");
        return new TeamVerification(report.Success || OnlySomeStartsFail(report), text, summary) { Output = text, ExitCode = report.Success ? 0 : 1, StructuredContent = JsonSerializer.SerializeToNode(report, EngineeringJsonContext.Default.EvaluationReport) };
    }

    /// <summary>The solution is sound and works from some starts but not all: the robustness question the reviewer must answer (with a rejection).</summary>
    public static bool OnlySomeStartsFail(EvaluationReport report) =>
        report.StartsPassed > 0
        && report.StartsPassed < report.StartsDrawn
        && report.Reasons.All(r => r.Start is not null || r.Code == ReasonCodes.ObjectiveMissed);
}
