using System.Text.Json;

namespace Leviathan.Tools.Contract;

/// <summary>
/// The tools one agent may use: lists them for the model and dispatches its calls. A bad call
/// (unknown tool, malformed JSON, invalid arguments, a refusal or a failing handler) becomes an
/// error result; only cancellation escapes as an exception.
/// </summary>
public sealed class ToolSet
{
    private readonly Dictionary<string, ITool> _tools = new(StringComparer.Ordinal);

    public ToolSet(IEnumerable<ITool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (var tool in tools)
        {
            if (!_tools.TryAdd(tool.Definition.Name, tool))
            {
                throw new ArgumentException($"Two tools are named '{tool.Definition.Name}'.", nameof(tools));
            }
        }

        Definitions = [.. _tools.Values.Select(t => t.Definition)];
    }

    /// <summary>The definitions to offer the model, in the order the tools were given.</summary>
    public IReadOnlyList<ToolDefinition> Definitions { get; }

    /// <summary>Finds a tool by its exact name.</summary>
    public bool TryGet(string name, out ITool tool) => _tools.TryGetValue(name, out tool!);

    /// <summary>Runs one call and returns its capped, timed result.</summary>
    public async Task<ToolResult> InvokeAsync(ToolCall call, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(context);
        var started = context.Time.GetTimestamp();
        var result = await DispatchAsync(call, context, cancellationToken).ConfigureAwait(false);
        return result with
        {
            Text = OutputCap.Apply(result.Text, context.Options.MaxOutputChars),
            Duration = context.Time.GetElapsedTime(started),
        };
    }

    private async Task<ToolResult> DispatchAsync(ToolCall call, ToolContext context, CancellationToken cancellationToken)
    {
        if (!_tools.TryGetValue(call.Name ?? string.Empty, out var tool))
        {
            return ToolResult.Error(
                $"Unknown tool '{call.Name}'. Available tools: {string.Join(", ", _tools.Keys)}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(call.ArgumentsJson) ? "{}" : call.ArgumentsJson);
        }
        catch (JsonException ex)
        {
            return ToolResult.Error($"The arguments for {call.Name} are not valid JSON: {ex.Message}");
        }

        using (document)
        {
            try
            {
                return await tool.InvokeAsync(document.RootElement, context, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (ToolRefusedException ex)
            {
                return ToolResult.Error(ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return ToolResult.Error($"{call.Name} failed: {ex.Message}");
            }
#pragma warning disable CA1031 // A tool bug must reach the model as a failed call, not end the agent's run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return ToolResult.Error($"{call.Name} failed unexpectedly ({ex.GetType().Name}): {ex.Message}");
            }
        }
    }
}
