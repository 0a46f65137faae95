using System.ComponentModel.DataAnnotations;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>The value must be one of <see cref="Values"/>, compared without regard to case.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ChoiceAttribute(params string[] values) : ValidationAttribute
{
    public IReadOnlyList<string> Values { get; } = values;

    public override bool IsValid(object? value) =>
        value is null || (value is string text && Values.Contains(text, StringComparer.OrdinalIgnoreCase));

    public override string FormatErrorMessage(string name) => $"accepted values are: {string.Join(", ", Values)}";
}
