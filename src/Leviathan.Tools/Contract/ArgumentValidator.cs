using System.Globalization;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Leviathan.Tools.Contract;

/// <summary>
/// Checks a model's arguments against a tool's JSON Schema and words each violation so that the
/// model can fix its call: <c>argument 'path' is required</c>, <c>'timeout_s' must be at most 600</c>.
/// </summary>
internal sealed class ArgumentValidator
{
    private readonly JsonSchema _schema;
    private readonly string[] _known;

    public ArgumentValidator(JsonObject schema)
    {
        // NJsonSchema parses synchronously from text; FromJsonAsync only wraps that work in a task.
        _schema = JsonSchema.FromJsonAsync(schema.ToJsonString()).GetAwaiter().GetResult();
        _known = schema["properties"] is JsonObject properties ? [.. properties.Select(p => p.Key)] : [];
    }

    /// <summary>Readable violations, empty when the arguments are valid.</summary>
    public IReadOnlyList<string> Validate(string argumentsJson)
    {
        var errors = _schema.Validate(argumentsJson);
        return [.. errors.SelectMany(Flatten).Select(Describe).Distinct(StringComparer.Ordinal)];
    }

    private static IEnumerable<ValidationError> Flatten(ValidationError error) => error switch
    {
        // A nullable argument has the types [T, "null"]: the model meant T, so explain T's violation.
        MultiTypeValidationError multi when multi.Errors.Any(e => e.Key != JsonObjectType.Null && e.Value.Count > 0) =>
            multi.Errors.Where(e => e.Key != JsonObjectType.Null).SelectMany(e => e.Value).SelectMany(Flatten),
        ChildSchemaValidationError child when child.Errors.Count > 0 =>
            child.Errors.SelectMany(e => e.Value).SelectMany(Flatten),
        _ => [error],
    };

    private string Describe(ValidationError error)
    {
        var name = ArgumentName(error);
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"argument '{error.Property}' is required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed =>
                $"argument '{error.Property}' is not known (known arguments: {string.Join(", ", _known)})",
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig =>
                $"'{name}' must be at most {Format(schema?.Maximum)}",
            ValidationErrorKind.NumberTooSmall =>
                $"'{name}' must be at least {Format(schema?.Minimum)}",
            ValidationErrorKind.StringTooShort when schema?.MinLength == 1 => $"'{name}' must not be empty",
            ValidationErrorKind.StringTooShort => $"'{name}' must be at least {schema?.MinLength} characters long",
            ValidationErrorKind.TooFewItems when schema?.MinItems == 1 => $"'{name}' must not be empty",
            ValidationErrorKind.TooFewItems => $"'{name}' must have at least {schema?.MinItems} items",
            ValidationErrorKind.NotInEnumeration =>
                $"'{name}' must be one of: {string.Join(", ", schema?.Enumeration.Select(v => v?.ToString()) ?? [])}",
            ValidationErrorKind.StringExpected => $"'{name}' must be a string",
            ValidationErrorKind.IntegerExpected => $"'{name}' must be an integer",
            ValidationErrorKind.NumberExpected => $"'{name}' must be a number",
            ValidationErrorKind.BooleanExpected => $"'{name}' must be true or false",
            ValidationErrorKind.ArrayExpected => $"'{name}' must be an array",
            ValidationErrorKind.ObjectExpected when name.Length == 0 => "arguments must be a JSON object",
            ValidationErrorKind.ObjectExpected => $"'{name}' must be an object",
            ValidationErrorKind.NullExpected => $"'{name}' must be null",
            _ => $"'{(name.Length == 0 ? "arguments" : name)}' is invalid ({error.Kind})",
        };
    }

    private static string ArgumentName(ValidationError error)
    {
        // Paths look like "#/timeout_s" or "#/items[2]"; the model knows arguments by their dotted name.
        var path = error.Path ?? string.Empty;
        path = path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('#');
        return path.Replace('/', '.');
    }

    private static string Format(decimal? value) =>
        value?.ToString("0.############", CultureInfo.InvariantCulture) ?? "?";
}
