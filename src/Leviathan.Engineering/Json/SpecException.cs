namespace Leviathan.Engineering.Json;

/// <summary>A spec file is malformed or breaks a rule; every problem found is listed.</summary>
public sealed class SpecException(string file, IReadOnlyList<SpecError> errors)
    : Exception($"{file} is not a valid spec: {string.Join("; ", errors)}")
{
    public string File { get; } = file;

    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
