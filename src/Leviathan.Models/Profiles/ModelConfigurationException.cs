namespace Leviathan.Models.Profiles;

/// <summary>A model setting is missing or invalid. The message names the key, the value, where it came from and what is accepted.</summary>
public sealed class ModelConfigurationException : Exception
{
    public ModelConfigurationException(string key, string? value, string problem, string? source)
        : base(Format(key, value, problem, source))
    {
        Key = key;
        Value = value;
        Problem = problem;
        ValueSource = source;
    }

    public ModelConfigurationException()
    {
        Key = string.Empty;
        Problem = string.Empty;
    }

    public ModelConfigurationException(string message)
        : base(message)
    {
        Key = string.Empty;
        Problem = message;
    }

    public ModelConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
        Problem = message;
    }

    /// <summary>The key in dotted form (<c>models.profiles.default.base_url</c>).</summary>
    public string Key { get; }

    public string? Value { get; }

    public string Problem { get; }

    public string? ValueSource { get; }

    private static string Format(string key, string? value, string problem, string? source)
    {
        var from = source is null ? string.Empty : $" (from {source})";
        return string.IsNullOrEmpty(value)
            ? $"{key} is not set{from}: {problem}"
            : $"{key} = '{value}'{from} is not accepted: {problem}";
    }
}
