using System.Text;
using System.Text.Json;

namespace Leviathan.Testing.FakeOpenAi;

/// <summary>Writes tool calls as text in a <see cref="FakeToolCallFormat"/>, the way models served without native tool calls do.</summary>
public static class FakeTextToolCalls
{
    /// <summary>The text of a reply that makes <paramref name="calls"/> in <paramref name="format"/>, after an optional thought.</summary>
    public static string Write(FakeToolCallFormat format, IReadOnlyList<FakeToolCall> calls, string? thought = null)
    {
        var builder = new StringBuilder();
        if (!string.IsNullOrEmpty(thought))
        {
            builder.Append(format == FakeToolCallFormat.ReAct ? "Thought: " : string.Empty).Append(thought).Append("\n\n");
        }

        switch (format)
        {
            case FakeToolCallFormat.Hermes:
                foreach (var call in calls)
                {
                    builder.Append("<tool_call>\n").Append(CallObject(call)).Append("\n</tool_call>\n");
                }

                break;
            case FakeToolCallFormat.Mistral:
                builder.Append("[TOOL_CALLS] [").AppendJoin(", ", calls.Select(CallObject)).Append(']');
                break;
            case FakeToolCallFormat.JsonBlock:
                foreach (var call in calls)
                {
                    builder.Append("```json\n").Append(CallObject(call)).Append("\n```\n");
                }

                break;
            case FakeToolCallFormat.Llama:
                foreach (var call in calls)
                {
                    builder.Append("<function=").Append(call.Name).Append('>').Append(call.ArgumentsJson).Append("</function>\n");
                }

                break;
            case FakeToolCallFormat.ReAct:
                var only = calls.Single();
                builder.Append("Action: ").Append(only.Name).Append("\nAction Input: ").Append(only.ArgumentsJson);
                break;
        }

        return builder.ToString().TrimEnd();
    }

    private static string CallObject(FakeToolCall call) =>
        "{\"name\": " + JsonSerializer.Serialize(call.Name) + ", \"arguments\": " + call.ArgumentsJson + "}";
}
