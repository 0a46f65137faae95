namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Recognizes a server's refusal of native tools from its error: llama.cpp without <c>--jinja</c> answers 500
/// "tools param requires --jinja flag", Ollama 400 "… does not support tools", other servers a 4xx naming the field.
/// Such a refusal is not transient (the same request fails the same way), and in <see cref="ToolCallMode.Auto"/> it
/// switches the client to <see cref="ToolCallMode.Text"/>.
/// </summary>
internal static class NativeToolsRefusal
{
    /// <summary>True when an error with <paramref name="status"/> and <paramref name="message"/> refuses the request's tools.</summary>
    public static bool Matches(int status, string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return false;
        }

        if (message.Contains("--jinja", StringComparison.OrdinalIgnoreCase) || message.Contains("does not support tools", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return status is 400 or 404 or 422 or 501
            && (message.Contains("tool", StringComparison.OrdinalIgnoreCase) || message.Contains("function", StringComparison.OrdinalIgnoreCase));
    }
}
