using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Leviathan.Server.Problems;

/// <summary>
/// Turns what ASP.NET Core throws for a bad request (unreadable JSON, a missing or unknown field, a query
/// value of the wrong type, a body over the limit) into a problem that names the field; anything else is a
/// 500 problem without internals.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            var (status, type, title, detail, errors) = Describe(bad);
            await ProblemWriter.WriteAsync(httpContext, status, type, title, detail, errors);
            return true;
        }

        LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        await ProblemWriter.WriteAsync(
            httpContext,
            StatusCodes.Status500InternalServerError,
            ProblemTypes.Internal,
            "Internal error",
            "the server failed to answer this request; the server log has the details");
        return true;
    }

    internal static (int Status, string Type, string Title, string Detail, IDictionary<string, string[]>? Errors) Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (413, ProblemTypes.BodyTooLarge, "Request body too large", "the request body is larger than this endpoint accepts; send a smaller body", null);
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return (415, ProblemTypes.UnsupportedMediaType, "Unsupported media type", "send the body as application/json", null);
        }

        if (bad.InnerException is JsonException json)
        {
            var (field, message) = DescribeJson(json);
            return (400, ProblemTypes.Validation, "Invalid request", $"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });
        }

        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            var field = JsonNamingPolicy.SnakeCaseLower.ConvertName(bind.Groups["name"].Value);
            var message = $"'{bind.Groups["value"].Value}' is not a valid {bind.Groups["type"].Value}";
            return (400, ProblemTypes.Validation, "Invalid request", $"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });
        }

        if (RequiredMissing().Match(bad.Message) is { Success: true } missing)
        {
            var field = JsonNamingPolicy.SnakeCaseLower.ConvertName(missing.Groups["name"].Value);
            return (400, ProblemTypes.Validation, "Invalid request", $"{field} is required", new Dictionary<string, string[]> { [field] = ["is required"] });
        }

        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal) || bad.Message.Contains("body was empty", StringComparison.OrdinalIgnoreCase))
        {
            return (400, ProblemTypes.Validation, "Invalid request", "body: a JSON body is required", new Dictionary<string, string[]> { ["body"] = ["a JSON body is required"] });
        }

        return (400, ProblemTypes.MalformedBody, "Bad request", bad.Message, new Dictionary<string, string[]> { ["body"] = [bad.Message] });
    }

    /// <summary>The snake_case field a JSON error is about, and what is wrong with it, in words a client can act on.</summary>
    internal static (string Field, string Message) DescribeJson(JsonException json)
    {
        var text = json.Message;
        if (UnknownProperty().Match(text) is { Success: true } unknown)
        {
            var name = unknown.Groups["name"].Value;
            var at = json.Path is { } p && p.EndsWith("." + name, StringComparison.Ordinal) ? Parent(p) : json.Path;
            return (Join(at, name), "is not a known field; remove it");
        }

        if (MissingRequired().Match(text) is { Success: true } missing)
        {
            var names = Quoted().Matches(missing.Groups["names"].Value).Select(m => m.Groups[1].Value).ToList();
            return (Join(json.Path, names.Count > 0 ? names[0] : "body"), "is required");
        }

        if (NullNotAllowed().Match(text) is { Success: true } isNull)
        {
            return (Join(json.Path is null or "$" ? null : Parent(json.Path), isNull.Groups["name"].Value), "must not be null");
        }

        var path = json.Path;
        if (path is null or "$")
        {
            return ("body", "is not valid JSON of the expected shape");
        }

        return (Join(Parent(path), Last(path)), text.Contains("could not be converted", StringComparison.Ordinal)
            ? "has the wrong type or an unknown value; see the schema in the OpenAPI document"
            : "is not valid JSON");
    }

    private static string Join(string? path, string name)
    {
        var prefix = path is null or "$" ? string.Empty : path.TrimStart('$').TrimStart('.');
        return prefix.Length == 0 ? name : $"{prefix}.{name}";
    }

    private static string Parent(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot <= 0 ? "$" : path[..dot];
    }

    private static string Last(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path.TrimStart('$') : path[(dot + 1)..];
    }

    [GeneratedRegex("""JSON property '(?<name>[^']+)' could not be mapped""")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("""missing required properties including: (?<names>.+)""")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("""'([^']+)'""")]
    private static partial Regex Quoted();

    [GeneratedRegex("""property or field '(?<name>[^']+)'.*doesn't allow""")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("""Failed to bind parameter "(?<type>[^" ]+) (?<name>[^"]+)" from "(?<value>[^"]*)".""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""Required parameter "(?<type>[^" ]+) (?<name>[^"]+)" was not provided""")]
    private static partial Regex RequiredMissing();

    [LoggerMessage(Level = LogLevel.Error, Message = "unhandled failure answering {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
