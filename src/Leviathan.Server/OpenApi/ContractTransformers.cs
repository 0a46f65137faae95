using Leviathan.Core.Runs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Leviathan.Server.OpenApi;

/// <summary>What the generated OpenAPI document says beyond what endpoints declare: strict inputs, the bearer scheme, the service's description.</summary>
internal static class ContractTransformers
{
    public const string BearerScheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (SchemaExamples.For(context.JsonTypeInfo.Type) is { } example)
            {
                schema.Examples = [example];
            }

            if (typeof(IRequestBody).IsAssignableFrom(context.JsonTypeInfo.Type))
            {
                schema.AdditionalPropertiesAllowed = false;
            }
            else if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
            {
                // RFC 9457 problems may carry extension members (request_id and the like).
                schema.AdditionalPropertiesAllowed = true;
                schema.AdditionalProperties = null;
            }

            return Task.CompletedTask;
        });

        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Leviathan",
                Version = "v1",
                Description = "Runs of verifiable engineering agents, their traces and artifacts, and physics checks. Every endpoint but /healthz and /readyz needs 'Authorization: Bearer <key>'; errors are RFC 9457 problem details with a stable type (docs/service.md).",
            };
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key from 'leviathan keys create' or POST /v1/admin/keys.",
            };
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            // Query values the endpoint checks itself by name: the document lists what it accepts.
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter.Name == "status" && parameter.Schema is OpenApiSchema status && operation.OperationId == "listRuns")
                {
                    status.Enum = [.. RunStatusNames.All.Select(n => (System.Text.Json.Nodes.JsonNode)n)];
                }

                if (parameter.Name == "format" && parameter.Schema is OpenApiSchema format && operation.OperationId == "getEvaluationReport")
                {
                    format.Enum = [.. Evaluations.EvaluationsApi.ReportFormats.Keys.Select(n => (System.Text.Json.Nodes.JsonNode)n)];
                }

                if (parameter.Name == "name" && parameter.Schema is OpenApiSchema plot && operation.OperationId == "getEvaluationPlot")
                {
                    plot.Enum = [.. Leviathan.Evaluation.Reports.ReportWriter.PlotFiles.Select(n => (System.Text.Json.Nodes.JsonNode)n)];
                }
            }

            // An artifact is served with its own media type (listed with the artifact), which can be any.
            foreach (var response in operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
            {
                if (response.Content is { } content && content.Remove("application/octet-stream", out var any))
                {
                    content["*/*"] = any;
                }
            }

            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
            {
                return Task.CompletedTask;
            }

            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
            ];
            return Task.CompletedTask;
        });
    }
}
