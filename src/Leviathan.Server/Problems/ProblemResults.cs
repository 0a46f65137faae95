using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leviathan.Server.Problems;

/// <summary>The problem answers endpoints return, each with its stable type.</summary>
internal static class ProblemResults
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.NotFound);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title, type: ProblemTypes.Conflict);

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: "the request has invalid fields: " + string.Join(", ", errors.Keys) + "; see errors",
            title: "Invalid request",
            type: ProblemTypes.Validation);

    public static ProblemHttpResult InvalidModel(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The model cannot be checked", type: ProblemTypes.InvalidModel);
}
