using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Leviathan.Server.Hosting;

/// <summary>What every authenticated operation declares, so the OpenAPI document lists every status it can answer.</summary>
internal static class EndpointConventions
{
    public static RouteHandlerBuilder Secured(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static RouteHandlerBuilder WithJsonBody(this RouteHandlerBuilder builder, long maxBytes) => builder
        .WithMetadata(new BodySizeLimit(maxBytes))
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A body of another media type (an archive) with its own size limit.</summary>
    public static RouteHandlerBuilder WithBody(this RouteHandlerBuilder builder, long maxBytes) => builder
        .WithMetadata(new BodySizeLimit(maxBytes))
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
