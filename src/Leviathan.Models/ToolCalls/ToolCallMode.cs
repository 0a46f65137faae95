namespace Leviathan.Models.ToolCalls;

/// <summary>How a profile's model makes tool calls: the profile key <c>tool_calls</c>.</summary>
public enum ToolCallMode
{
    /// <summary>
    /// The default: tools are sent natively; when the server answers without native calls but the text holds a call in a
    /// known format, that call is used on the same turn. A server that refuses native tools is switched to <see cref="Text"/>.
    /// </summary>
    Auto,

    /// <summary>Native function calling only (<c>tools</c> / <c>tool_calls</c>); the reply's text is never parsed.</summary>
    Native,

    /// <summary>
    /// Tools are described in the system prompt and no native <c>tools</c> are sent; calls are parsed from the reply's text,
    /// results go back as user messages. For servers without native function calling (llama.cpp without <c>--jinja</c>).
    /// </summary>
    Text,
}
