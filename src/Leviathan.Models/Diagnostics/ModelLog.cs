using Microsoft.Extensions.Logging;

namespace Leviathan.Models.Diagnostics;

/// <summary>Source-generated log messages of the model layer. Bodies only at Trace.</summary>
internal static partial class ModelLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Model call to profile {Profile} ({Model}), streaming={Streaming}, {MessageCount} messages, {ToolCount} tools")]
    public static partial void CallStarting(ILogger logger, string profile, string model, bool streaming, int messageCount, int toolCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Trace, Message = "Model request body for profile {Profile}: {Body}")]
    public static partial void RequestBody(ILogger logger, string profile, string body);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Trace, Message = "Model response body for profile {Profile}: {Body}")]
    public static partial void ResponseBody(ILogger logger, string profile, string body);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Model call to profile {Profile} failed ({Reason}); retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string profile, string reason, int attempt, double delayMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Circuit opened for model endpoint {Endpoint} for {BreakSeconds} s after repeated failures")]
    public static partial void CircuitOpened(ILogger logger, string endpoint, double breakSeconds);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Model call to profile {Profile} used {InputTokens} in / {OutputTokens} out tokens ({Source}), cost {Cost} USD; run total {TotalTokens} tokens, {TotalCost} USD")]
    public static partial void CallAccounted(ILogger logger, string profile, long inputTokens, long outputTokens, string source, decimal cost, long totalTokens, decimal totalCost);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Model call to profile {Profile} not made: {Reason}")]
    public static partial void BudgetRefused(ILogger logger, string profile, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Cassette {Path}: {Action} exchange {Index} ({Hash})")]
    public static partial void Cassette(ILogger logger, string path, string action, int index, string hash);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "Model reply of profile {Profile}: {Count} tool calls parsed from text ({Format}), {Broken} broken")]
    public static partial void TextToolCalls(ILogger logger, string profile, string format, int count, int broken);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Profile {Profile}: the server refused native tools (\"{ServerMessage}\"); tools are described in the prompt from now on (set tool_calls: text to skip the failed request)")]
    public static partial void NativeToolsRefused(ILogger logger, string profile, string serverMessage);
}
