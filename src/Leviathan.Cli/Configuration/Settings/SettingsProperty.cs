using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>One key of a settings class: its name, its type and its validation attributes, read once.</summary>
internal sealed class SettingsProperty
{
    private readonly PropertyInfo _property;
    private readonly ValidationAttribute[] _rules;

    public SettingsProperty(PropertyInfo property)
    {
        _property = property;
        Key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name
            ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} needs [ConfigurationKeyName]");
        _rules = [.. property.GetCustomAttributes<ValidationAttribute>()];
    }

    /// <summary>The key under its section (<c>batch_size</c>).</summary>
    public string Key { get; }

    private Type Type => Nullable.GetUnderlyingType(_property.PropertyType) ?? _property.PropertyType;

    /// <summary>The property's value in a fresh settings object, as configuration text; null when it has none.</summary>
    public string? DefaultText(object settings) => _property.GetValue(settings) switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    /// <summary>What the key accepts, as the end of a sentence ("it must be a whole number from 1 to 100000").</summary>
    public string Accepted
    {
        get
        {
            if (_rules.OfType<ChoiceAttribute>().FirstOrDefault() is { } choice)
            {
                return $"accepted values are: {string.Join(", ", choice.Values.Where(v => v != "bubblewrap"))}";
            }

            var range = _rules.OfType<RangeAttribute>().FirstOrDefault();
            var between = range is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" from {range.Minimum} to {range.Maximum}");
            return Type == typeof(bool) ? "it must be true or false"
                : Type == typeof(int) || Type == typeof(long) ? $"it must be a whole number{between}"
                : Type == typeof(double) ? $"it must be a number{between}"
                : "it must be text";
        }
    }

    /// <summary>True when <paramref name="text"/> converts to the property's type and meets its rules.</summary>
    public bool Accepts(string text)
    {
        object? value = Type == typeof(string) ? text
            : Type == typeof(bool) ? (bool.TryParse(text, out var b) ? b : null)
            : Type == typeof(int) ? (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null)
            : Type == typeof(long) ? (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null)
            : Type == typeof(double) ? (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null)
            : throw new InvalidOperationException($"settings of type {Type.Name} are not supported");
        return value is not null && _rules.All(r => r.IsValid(value));
    }
}
