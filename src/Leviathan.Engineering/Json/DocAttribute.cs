namespace Leviathan.Engineering.Json;

/// <summary>A description that goes into the published JSON Schema.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class | AttributeTargets.Enum)]
public sealed class DocAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}
