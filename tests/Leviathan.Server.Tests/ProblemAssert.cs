using System.Net;
using System.Text.Json;

namespace Leviathan.Server.Tests;

/// <summary>Reads an RFC 9457 problem answer and checks what a client relies on: the status, the stable type and the named fields.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string type, params string[] fields)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("type").GetString().ShouldBe(type, body);
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        foreach (var field in fields)
        {
            problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"the problem does not name '{field}': {body}");
        }

        return problem;
    }
}
