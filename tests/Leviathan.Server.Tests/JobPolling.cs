using System.Text;
using System.Text.Json;

namespace Leviathan.Server.Tests;

/// <summary>Follows a job over HTTP the way a client does: long polls with <c>wait_seconds</c>, no sleeps.</summary>
internal static class JobPolling
{
    /// <summary>Long-polls the job (the server answers as soon as it is done); a bounded number of polls.</summary>
    public static async Task<JsonElement> WaitDoneAsync(HttpClient client, string location)
    {
        for (var poll = 0; poll < 10; poll++)
        {
            var body = await client.GetStringAsync($"{location}?wait_seconds=30");
            var job = JsonDocument.Parse(body).RootElement.Clone();
            if (job.GetProperty("state").GetString() == "done")
            {
                return job;
            }
        }

        throw new TimeoutException($"the job at {location} did not finish");
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The JSON string literal of <paramref name="text"/> (quotes and escapes included).</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text);
}
