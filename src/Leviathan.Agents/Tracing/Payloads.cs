using System.Text.Json.Nodes;
using Leviathan.Core.Plans;

namespace Leviathan.Agents.Tracing;

/// <summary>Event payloads in the shapes docs/trace-format.md defines per kind.</summary>
internal static class Payloads
{
    public static string Message(string role, string? content, string? reasoning = null, string? model = null, long? tokensIn = null, long? tokensOut = null)
    {
        var node = new JsonObject { ["role"] = role, ["content"] = content ?? string.Empty };
        if (reasoning is { Length: > 0 })
        {
            node["reasoning"] = reasoning;
        }

        if (model is not null)
        {
            node["model"] = model;
        }

        if (tokensIn is not null || tokensOut is not null)
        {
            node["usage"] = new JsonObject { ["tokens_in"] = tokensIn, ["tokens_out"] = tokensOut };
        }

        return node.ToJsonString();
    }

    /// <param name="callId">The call's id.</param>
    /// <param name="name">The tool called.</param>
    /// <param name="argumentsText">The arguments as the model wrote them.</param>
    /// <param name="malformed">True when they could not be read.</param>
    /// <param name="format">The text format the call was parsed from (<c>hermes</c>, <c>mistral</c>, …); null for a native call.</param>
    public static string ToolCall(string callId, string name, string argumentsText, bool malformed, string? format = null)
    {
        var node = new JsonObject { ["call_id"] = callId, ["name"] = name };
        if (format is not null)
        {
            node["format"] = format;
        }

        JsonNode? parsed = null;
        if (!malformed)
        {
            try
            {
                parsed = JsonNode.Parse(string.IsNullOrWhiteSpace(argumentsText) ? "{}" : argumentsText);
            }
            catch (System.Text.Json.JsonException)
            {
                parsed = null;
            }
        }

        if (parsed is not null)
        {
            node["arguments"] = parsed;
        }
        else
        {
            node["arguments_raw"] = argumentsText;
        }

        return node.ToJsonString();
    }

    /// <summary>A tool result's payload; <paramref name="structured"/> is the result as data (the tool's structured content, snake_case) beside the text, null = text only.</summary>
    public static string ToolResult(string callId, string name, bool isError, int? exitCode, string text, bool truncated, JsonObject? policy, JsonNode? structured = null)
    {
        var node = new JsonObject
        {
            ["call_id"] = callId,
            ["name"] = name,
            ["is_error"] = isError,
            ["exit_code"] = exitCode,
            ["text"] = text,
            ["truncated"] = truncated,
            ["policy"] = policy,
        };
        if (structured is not null)
        {
            // A copy: the tool's node may belong to another tree (a node can have one parent only).
            node["structured"] = structured.DeepClone();
        }

        return node.ToJsonString();
    }

    public static string Verdict(bool accept, IEnumerable<string> reasons) =>
        new JsonObject { ["accept"] = accept, ["reasons"] = new JsonArray([.. reasons.Select(r => (JsonNode?)r)]) }.ToJsonString();

    public static string Plan(IEnumerable<PlanItem> items) =>
        new JsonObject
        {
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode?)new JsonObject { ["id"] = i.Id, ["text"] = i.Text, ["status"] = i.Status.ToName() })]),
        }.ToJsonString();

    public static string Error(string message, string? detail) =>
        new JsonObject { ["message"] = message, ["detail"] = detail }.ToJsonString();

    public static string Status(string status, string? reason, string? verifyCommand = null, JsonObject? policy = null, string? team = null, IReadOnlyDictionary<string, string>? teamSettings = null)
    {
        var node = new JsonObject { ["status"] = status, ["reason"] = reason };
        if (verifyCommand is not null)
        {
            node["verify_command"] = verifyCommand;
        }

        if (team is not null)
        {
            node["team"] = team;
        }

        if (teamSettings is { Count: > 0 })
        {
            node["team_settings"] = new JsonObject([.. teamSettings.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))]);
        }

        if (policy is not null)
        {
            node["policy"] = policy;
        }

        return node.ToJsonString();
    }

    public static string Artifact(string sha256, string path, string mediaType, long size) =>
        new JsonObject { ["sha256"] = sha256, ["path"] = path, ["media_type"] = mediaType, ["size"] = size }.ToJsonString();

    public static string Thought(string text, IEnumerable<string>? dropped = null)
    {
        var node = new JsonObject { ["text"] = text };
        if (dropped is not null)
        {
            node["dropped"] = new JsonArray([.. dropped.Select(d => (JsonNode?)d)]);
        }

        return node.ToJsonString();
    }

    public static string Metric(string name, double value, string unit, JsonObject? extra = null)
    {
        var node = extra ?? [];
        node["name"] = name;
        node["value"] = value;
        node["unit"] = unit;
        return node.ToJsonString();
    }
}
