using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation;
using Leviathan.Tools.Contract;

namespace Leviathan.Engineering.Tools;

/// <summary>
/// <c>bench_check {}</c> for the benchmark team: the proofs <c>bench check</c> makes, on the workspace's
/// <c>benchmark.json</c> and (when written) <c>reference/</c>: valid (schema, the scene compiles, nothing
/// penetrates, stable), non-trivial (no part at all reaches the goal from any start) and solvable (the
/// reference solution passes the evaluation).
/// </summary>
public sealed class BenchCheckTool(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time, VerificationOptions? options = null) : Tool<BenchCheckArguments>(
    ToolName,
    "Check the benchmark.json of the workspace as 'bench check' does: schema, scene compiles, no penetration, stable; non-trivial (the payload does not reach the goal without a solution); "
    + "and, when reference/solution.json exists, that the reference solution passes the full evaluation.")
{
    public const string ToolName = "bench_check";

    protected override async Task<ToolResult> HandleAsync(BenchCheckArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workspace = context.Workspace;
        var file = workspace.Resolve(BenchmarkGenerator.BenchmarkFile);
        if (!File.Exists(file))
        {
            throw new ToolRefusedException($"There is no {BenchmarkGenerator.BenchmarkFile} in the workspace yet; write it with write_file (the format is in the task).");
        }

        BenchmarkSpec benchmark;
        try
        {
            benchmark = BenchmarkLoader.Load(file);
        }
        catch (SpecException ex)
        {
            return ToolResult.Success($"INVALID: {BenchmarkGenerator.BenchmarkFile} does not meet the schema:\n- {string.Join("\n- ", ex.Errors)}") with
            {
                StructuredContent = new JsonObject { ["valid"] = false, ["errors"] = new JsonArray([.. ex.Errors.Select(e => (JsonNode?)e.ToString())]) },
            };
        }
        catch (JsonException ex)
        {
            return ToolResult.Success($"INVALID: {BenchmarkGenerator.BenchmarkFile} is not valid JSON: {ex.Message}") with
            {
                StructuredContent = new JsonObject { ["valid"] = false, ["errors"] = new JsonArray(ex.Message) },
            };
        }

        var verifier = new BenchmarkVerifier(analyzer, simulation, time);
        var verification = options ?? new VerificationOptions();
        var valid = await verifier.CheckValidAsync(benchmark, workspace.FullPath, verification, cancellationToken).ConfigureAwait(false);
        var nonTrivial = valid.Passed
            ? await verifier.CheckNonTrivialAsync(benchmark, workspace.FullPath, verification, cancellationToken).ConfigureAwait(false)
            : new Verdict(false, "not checked: the environment is not valid");
        var referenceFolder = workspace.Resolve(BenchmarkGenerator.ReferenceFolder);
        var hasReference = File.Exists(Path.Combine(referenceFolder, SolutionLoader.FileName));
        Evaluation.EvaluationReport? reference = null;
        string referenceLine;
        if (!hasReference)
        {
            referenceLine = $"not checked: there is no {BenchmarkGenerator.ReferenceFolder}/{SolutionLoader.FileName} (write a reference solution there to prove the benchmark solvable)";
        }
        else if (!valid.Passed)
        {
            referenceLine = "not checked: the environment is not valid";
        }
        else
        {
            try
            {
                reference = await verifier.EvaluateReferenceAsync(benchmark, workspace.FullPath, referenceFolder, verification, cancellationToken).ConfigureAwait(false);
                referenceLine = reference.Success
                    ? string.Create(CultureInfo.InvariantCulture, $"passed: the reference solution passes all {reference.StartsDrawn} starts")
                    : $"FAILED: the reference solution does not pass:\n  - {string.Join("\n  - ", reference.Reasons.Select(r => $"{r.Code}: {r.Message}"))}";
            }
            catch (SpecException ex)
            {
                referenceLine = $"FAILED: {BenchmarkGenerator.ReferenceFolder}/{SolutionLoader.FileName} is not valid:\n  - {string.Join("\n  - ", ex.Errors)}";
            }
        }

        var passed = valid.Passed && nonTrivial.Passed && reference?.Success == true;
        var text = new StringBuilder();
        text.Append(passed ? "ACCEPTABLE: valid, non-trivial and solvable.\n" : "NOT ACCEPTABLE yet:\n");
        text.Append("valid: ").Append(valid.Passed ? "yes" : "NO").Append(" - ").Append(valid.Detail).Append('\n');
        text.Append("non-trivial: ").Append(nonTrivial.Passed ? "yes" : "NO").Append(" - ").Append(nonTrivial.Detail).Append('\n');
        text.Append("solvable (reference): ").Append(referenceLine).Append('\n');
        return ToolResult.Success(text.ToString()) with
        {
            StructuredContent = new JsonObject
            {
                ["benchmark"] = benchmark.Id,
                ["valid"] = valid.Passed,
                ["valid_detail"] = valid.Detail,
                ["non_trivial"] = nonTrivial.Passed,
                ["non_trivial_detail"] = nonTrivial.Detail,
                ["reference_passed"] = reference?.Success,
                ["passed"] = passed,
            },
        };
    }
}
