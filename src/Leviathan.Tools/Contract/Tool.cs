using System.Text.Json;

namespace Leviathan.Tools.Contract;

/// <summary>
/// A tool with a typed argument record. The schema offered to the model is generated from
/// <typeparamref name="TArguments"/> (see <see cref="ToolJson.SchemaFor"/>), and arguments are
/// validated against it before <see cref="HandleAsync"/> runs.
/// </summary>
public abstract class Tool<TArguments> : ITool
    where TArguments : class
{
    // The schema and its validator depend on the argument type only; building them (schema export, then NJsonSchema
    // parsing) costs far more than a run's other set-up, and every run makes its tools anew.
    private static readonly Lazy<(System.Text.Json.Nodes.JsonObject Schema, ArgumentValidator Validator)> Shared = new(() =>
    {
        var schema = ToolJson.SchemaFor(typeof(TArguments));
        return (schema, new ArgumentValidator(schema));
    });

    private readonly ArgumentValidator _validator;

    protected Tool(string name, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        var (schema, validator) = Shared.Value;
        // Each tool gets its own copy: a caller may change its definition's schema without touching the other tools'.
        Definition = new ToolDefinition(name, description, (System.Text.Json.Nodes.JsonObject)schema.DeepClone());
        _validator = validator;
    }

    /// <inheritdoc />
    public ToolDefinition Definition { get; }

    /// <inheritdoc />
    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = _validator.Validate(arguments.GetRawText());
        if (errors.Count > 0)
        {
            return ToolResult.Error(
                $"Invalid arguments for {Definition.Name}:\n- {string.Join("\n- ", errors)}");
        }

        TArguments? typed;
        try
        {
            typed = arguments.Deserialize<TArguments>(ToolJson.Options);
        }
        catch (JsonException ex)
        {
            return ToolResult.Error($"Invalid arguments for {Definition.Name}: {ex.Message}");
        }

        if (typed is null)
        {
            return ToolResult.Error($"Invalid arguments for {Definition.Name}: arguments must be a JSON object");
        }

        return await HandleAsync(typed, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the tool with validated arguments. Throw <see cref="ToolRefusedException"/> to refuse with a message.</summary>
    protected abstract Task<ToolResult> HandleAsync(TArguments arguments, ToolContext context, CancellationToken cancellationToken);
}
