using System.Globalization;
using Leviathan.Models.Accounting;
using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Loop;

/// <summary>
/// Keeps a conversation inside a model's context window: when the estimate passes the limit, the oldest tool outputs
/// (never the system prompt or the last few messages) are replaced by a one-line note. Returns what was dropped.
/// </summary>
internal static class ContextTrimmer
{
    public const int KeepRecentMessages = 6;

    /// <summary>Tokens a prompt may use in a window: the window less room for the answer, with a margin for estimation error.</summary>
    public static long Limit(int contextWindow) => Math.Max(256, (long)(contextWindow * 0.8) - 1024);

    public static TrimResult Trim(List<ChatMessage> messages, ChatOptions options, int contextWindow)
    {
        var limit = Limit(contextWindow);
        var estimate = TokenEstimator.EstimateInput(messages, options);
        var dropped = new List<string>();
        for (var i = 1; i < messages.Count - KeepRecentMessages && estimate > limit; i++)
        {
            var contents = messages[i].Contents;
            for (var j = 0; j < contents.Count; j++)
            {
                if (contents[j] is FunctionResultContent { Result: string text } result && !text.StartsWith(DroppedPrefix, StringComparison.Ordinal) && text.Length > 200)
                {
                    contents[j] = new FunctionResultContent(result.CallId, string.Create(CultureInfo.InvariantCulture, $"{DroppedPrefix} {text.Length} characters of old output removed to fit the context window]"));
                    dropped.Add(string.Create(CultureInfo.InvariantCulture, $"{result.CallId}: {text.Length} chars"));
                }
                else if (contents[j] is TextContent { Text.Length: > 2000 } longText && messages[i].Role == ChatRole.User)
                {
                    contents[j] = new TextContent(longText.Text[..1000] + string.Create(CultureInfo.InvariantCulture, $"\n{DroppedPrefix} {longText.Text.Length - 1000} characters removed to fit the context window]"));
                    dropped.Add(string.Create(CultureInfo.InvariantCulture, $"message {i}: {longText.Text.Length - 1000} chars"));
                }
            }

            estimate = TokenEstimator.EstimateInput(messages, options);
        }

        return new TrimResult(dropped, estimate, limit, estimate > limit);
    }

    private const string DroppedPrefix = "[dropped:";
}
