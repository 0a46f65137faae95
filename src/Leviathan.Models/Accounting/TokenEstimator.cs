using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Accounting;

/// <summary>
/// A local token estimate for servers that report no usage, and for the budget check before a call.
/// One token per 4 characters of text (rounded up), plus 4 tokens per message for role and separators,
/// plus each tool's name, description and JSON Schema text at the same rate and 8 tokens of framing per tool;
/// an image costs what <see cref="ImageTokens"/> says for its pixel size, other binary data a token per 12 bytes.
/// It is deliberately simple and tokenizer-free; docs/models.md says how far off it can be.
/// </summary>
public static class TokenEstimator
{
    public const int CharactersPerToken = 4;
    public const int TokensPerMessage = 4;
    public const int TokensPerTool = 8;

    public static long EstimateInput(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long tokens = 0;
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            tokens += TokensPerMessage + Of(options.Instructions.Length);
        }

        foreach (var message in messages)
        {
            tokens += TokensPerMessage + Of(message.Contents.Sum(CharactersOf));
        }

        foreach (var tool in options?.Tools ?? [])
        {
            var schema = tool is AIFunctionDeclaration function ? function.JsonSchema.GetRawText().Length : 0;
            tokens += TokensPerTool + Of(tool.Name.Length + (tool.Description?.Length ?? 0) + schema);
        }

        return tokens;
    }

    /// <summary>
    /// The input of a request counted with <paramref name="counter"/>: each text with the model's tokenizer when it is
    /// exact, plus the same per-message and per-tool framing as the estimate (chat templates differ by a few tokens).
    /// </summary>
    public static long CountInput(IEnumerable<ChatMessage> messages, ChatOptions? options, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(counter);
        if (!counter.IsExact)
        {
            return EstimateInput(messages, options);
        }

        long tokens = 0;
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            tokens += TokensPerMessage + counter.Count(options.Instructions);
        }

        foreach (var message in messages)
        {
            tokens += TokensPerMessage;
            foreach (var content in message.Contents)
            {
                tokens += TokensOf(content, counter);
            }
        }

        foreach (var tool in options?.Tools ?? [])
        {
            var schema = tool is AIFunctionDeclaration function ? function.JsonSchema.GetRawText() : string.Empty;
            tokens += TokensPerTool + counter.Count(tool.Name) + counter.Count(tool.Description ?? string.Empty) + counter.Count(schema);
        }

        return tokens;
    }

    /// <summary>The output of a response: its text, reasoning and tool-call arguments.</summary>
    public static long EstimateOutput(IEnumerable<AIContent> contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return Of(contents.Sum(CharactersOf));
    }

    /// <summary>The output of a response counted with <paramref name="counter"/>.</summary>
    public static long CountOutput(IEnumerable<AIContent> contents, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(counter);
        return counter.IsExact ? contents.Sum(c => (long)TokensOf(c, counter)) : EstimateOutput(contents);
    }

    private static int TokensOf(AIContent content, ITokenCounter counter) => content switch
    {
        TextContent text => counter.Count(text.Text),
        TextReasoningContent reasoning => counter.Count(reasoning.Text),
        FunctionCallContent call => counter.Count(call.Name) + counter.Count(call.GetArgumentsText()),
        FunctionResultContent result => counter.Count(result.Result?.ToString() ?? string.Empty),
        DataContent data => ImageTokens.Of(data) ?? data.Data.Length / 3 / CharactersPerToken,
        _ => 0,
    };

    private static long Of(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;

    private static long CharactersOf(AIContent content) => content switch
    {
        TextContent text => text.Text.Length,
        TextReasoningContent reasoning => reasoning.Text.Length,
        FunctionCallContent call => call.Name.Length + call.GetArgumentsText().Length,
        FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
        DataContent data => ImageTokens.Of(data) is { } image ? (long)image * CharactersPerToken : data.Data.Length / 3,
        _ => 0,
    };
}
