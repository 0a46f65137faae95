namespace Leviathan.Engineering.Json;

/// <summary>Marks an array property that must hold exactly <see cref="Length"/> numbers (published in the schema).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FixedLengthAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}
