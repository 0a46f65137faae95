using System.Xml;
using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Problems;
using Leviathan.Simulation;
using Leviathan.Simulation.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Leviathan.Server.Physics;

/// <summary>Physics operations: model validation (MuJoCo runs in worker processes, never in the server's).</summary>
internal static class PhysicsApi
{
    // Attributes through which MJCF names files on the host: a validated document must not reach the server's files.
    private static readonly HashSet<string> FileAttributes = new(StringComparer.Ordinal)
    {
        "file", "fileright", "fileleft", "fileup", "filedown", "filefront", "fileback", "meshdir", "texturedir", "assetdir",
    };

    public static void MapPhysicsApi(this IEndpointRouteBuilder v1, ServerOptions options)
    {
        var physics = v1.MapGroup("/physics").WithTags("Physics").RequireAuthorization(Roles.Viewer);

        physics.MapPost("/validate", ValidateAsync)
            .WithName("validateModel")
            .WithSummary("Validate an MJCF model: well-formed, compiles in MuJoCo, no overlap at t = 0, stable")
            .WithDescription("A model that fails the checks is a 200 answer with valid=false and the findings; 422 means the document could not be checked at all.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithJsonBody(options.MaxModelBytes + (16 * 1024))
            .Secured();
    }

    private static async Task<Results<Ok<ModelValidationResource>, ValidationProblem, ProblemHttpResult>> ValidateAsync(
        SimulationClient simulation, ServerOptions options, ValidateModelRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Mjcf.Length == 0)
        {
            errors["mjcf"] = ["must not be empty"];
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(request.Mjcf) > options.MaxModelBytes)
        {
            errors["mjcf"] = [$"is larger than {options.MaxModelBytes} bytes"];
        }

        if (request.Frames is < 0 or > 100_000)
        {
            errors["frames"] = [$"must be from 0 to 100000, not {request.Frames}"];
        }

        if (request.PenetrationToleranceMm is { } tolerance && !(tolerance is >= 0 and <= 1000))
        {
            errors["penetration_tolerance_mm"] = ["must be from 0 to 1000"];
        }

        if (request.MaxSpeed is { } speed && !(speed is > 0 and <= 1e9))
        {
            errors["max_speed"] = ["must be greater than 0 and at most 1e9"];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        if (FileReference(request.Mjcf) is { } reference)
        {
            return ProblemResults.InvalidModel($"the model refers to files ({reference}); only self-contained MJCF can be validated here, so inline the geometry or validate locally with 'leviathan sim validate'");
        }

        var folder = Directory.CreateTempSubdirectory("leviathan-validate-");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ValidationTimeout);
            var report = await simulation.ValidateAsync(
                ModelSource.FromXml(request.Mjcf, folder.FullName),
                new ValidationOptions
                {
                    Frames = request.Frames ?? 500,
                    PenetrationToleranceMm = request.PenetrationToleranceMm ?? 1.0,
                    MaxSpeed = request.MaxSpeed ?? 1000.0,
                },
                timeout.Token);
            return TypedResults.Ok(new ModelValidationResource(
                report.Valid,
                report.Compiled,
                [.. report.Errors.Select(ModelFindingResource.From)],
                [.. report.Warnings.Select(ModelFindingResource.From)],
                new ModelStatsResource(report.Stats.NBody, report.Stats.NGeom, report.Stats.NJnt, report.Stats.Nu, report.Stats.Frames, report.Stats.SimTimeSeconds, report.Stats.MaxPenetrationMm)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProblemResults.InvalidModel($"the validation took longer than {options.ValidationTimeout.TotalSeconds:0} s; check fewer frames");
        }
        catch (SimulationException ex)
        {
            return TypedResults.Problem(
                $"MuJoCo could not run: {ex.Message}",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Simulation unavailable",
                type: ProblemTypes.Unavailable);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The first attribute that names a file, or null. Unparseable XML is left to the validator, which reports it with its line.</summary>
    private static string? FileReference(string mjcf)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(mjcf), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "include")
                {
                    return "<include>";
                }

                while (reader.MoveToNextAttribute())
                {
                    if (FileAttributes.Contains(reader.LocalName))
                    {
                        return $"{reader.LocalName}=\"{reader.Value}\"";
                    }
                }
            }
        }
        catch (XmlException)
        {
            return null;
        }

        return null;
    }
}
