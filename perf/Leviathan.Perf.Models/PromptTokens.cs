using System.Globalization;
using System.Text.Json;
using Leviathan.Models.Accounting;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;

/// <summary>
/// The fixed prompt of each role's call (system prompt and tool schemas) in o200k_base tokens, read from the first request
/// of each role in a cassette (examples/agent-task/cassette.jsonl by default): what every call pays before any work.
/// </summary>
internal static class PromptTokens
{
    public static void Report(string cassette)
    {
        var counter = TokenCounters.For(new ModelProfile("perf", new Uri("http://127.0.0.1:9/v1/"), "m", null, 8192, 0m, 0m, ModelCapabilities.None, TimeSpan.FromSeconds(1)) { Tokenizer = "o200k_base" });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(cassette))
        {
            using var document = JsonDocument.Parse(line);
            var request = document.RootElement.GetProperty("request");
            var tools = request.TryGetProperty("tools", out var list)
                ? list.EnumerateArray().Select(t => (AITool)AIFunctionFactory.CreateDeclaration(
                    t.GetProperty("name").GetString()!, t.GetProperty("description").GetString(), t.GetProperty("parameters").Clone())).ToList()
                : [];
            var names = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var role = names.Contains("finish") ? "engineer" : names.Contains("verdict") ? "critic" : "planner";
            if (!seen.Add(role))
            {
                continue;
            }

            var system = request.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("role").GetString() == "system")
                .Select(m => new ChatMessage(ChatRole.System, string.Concat(m.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("text").GetString()))))
                .ToList();
            var systemTokens = TokenEstimator.CountInput(system, null, counter);
            var toolTokens = TokenEstimator.CountInput([], new ChatOptions { Tools = tools }, counter);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tokens per {role} call (o200k_base): {systemTokens + toolTokens,5}   system prompt {systemTokens,5}   {tools.Count,2} tool schemas {toolTokens,5}"));
            foreach (var tool in tools.OfType<AIFunctionDeclaration>())
            {
                var tokens = TokenEstimator.CountInput([], new ChatOptions { Tools = [tool] }, counter);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {tool.Name,-14} {tokens,4}"));
            }
        }
    }
}
