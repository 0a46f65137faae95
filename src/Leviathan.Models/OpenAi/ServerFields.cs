using System.ClientModel.Primitives;
using System.Text;

namespace Leviathan.Models.OpenAi;

/// <summary>
/// Reads fields the SDK does not model from a response's <c>Patch</c> (unknown JSON kept by the SDK, addressed by a
/// JSON path from the response root): reasoning text and the finish reason <see cref="FinishReasonRewriter"/> replaced.
/// </summary>
internal static class ServerFields
{
    private static readonly byte[] MessageReasoning = Encoding.UTF8.GetBytes("$.choices[0].message.reasoning");
    private static readonly byte[] DeltaReasoning = Encoding.UTF8.GetBytes("$.choices[0].delta.reasoning");
    private static readonly byte[] OriginalFinishReason = Encoding.UTF8.GetBytes($"$.choices[0].{FinishReasonRewriter.OriginalField}");

    /// <summary>
    /// <c>reasoning</c> (Ollama, OpenRouter, newer vLLM) of a whole response (<paramref name="delta"/> false) or of one
    /// streamed chunk; Microsoft.Extensions.AI reads <c>reasoning_content</c> (llama.cpp, vLLM, DeepSeek) itself.
    /// </summary>
    public static string? Reasoning(ref JsonPatch patch, bool delta) =>
        patch.TryGetValue(delta ? DeltaReasoning : MessageReasoning, out string? value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>The server's own finish reason when <see cref="FinishReasonRewriter"/> had to replace it.</summary>
    public static string? OriginalFinish(ref JsonPatch patch) =>
        patch.TryGetValue(OriginalFinishReason, out string? value) && !string.IsNullOrEmpty(value) ? value : null;
}
