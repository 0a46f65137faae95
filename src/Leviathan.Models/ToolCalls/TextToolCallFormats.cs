namespace Leviathan.Models.ToolCalls;

/// <summary>The names of the text formats tool calls are parsed from, as recorded in traces and shown by <c>models ping</c>.</summary>
public static class TextToolCallFormats
{
    /// <summary><c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c> (Hermes, Qwen), possibly several.</summary>
    public const string Hermes = "hermes";

    /// <summary><c>[TOOL_CALLS] [{"name": …, "arguments": {…}}]</c> (Mistral), or <c>[TOOL_CALLS]name[ARGS]{…}</c>.</summary>
    public const string Mistral = "mistral";

    /// <summary>A JSON object <c>{"name": …, "arguments": {…}}</c> (or <c>tool</c>/<c>args</c>-like variants) in a fenced block or at the end of the reply.</summary>
    public const string Json = "json";

    /// <summary><c>&lt;function=name&gt;{…}&lt;/function&gt;</c> (Llama 3.x), or with <c>&lt;parameter=key&gt;value&lt;/parameter&gt;</c> lines (Qwen3-Coder).</summary>
    public const string Llama = "llama";

    /// <summary>Prose with a thought, then <c>Action: name</c> and <c>Action Input: {…}</c> (ReAct).</summary>
    public const string ReAct = "react";

    /// <summary>Every format, in the order they are tried.</summary>
    public static IReadOnlyList<string> All { get; } = [Hermes, Llama, Mistral, Json, ReAct];
}
