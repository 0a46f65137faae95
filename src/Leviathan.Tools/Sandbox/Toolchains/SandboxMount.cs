namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>
/// A host path shown inside the sandbox (configuration <c>sandbox.mounts</c>): read-only unless
/// <see cref="Writable"/>, <c>nosuid</c> and <c>nodev</c> always.
/// </summary>
/// <param name="Path">The absolute host path (<c>~/</c> is the user's home); it must exist.</param>
public sealed record SandboxMount(string Path)
{
    /// <summary>Where it appears inside the sandbox; the same path when null.</summary>
    public string? Target { get; init; }

    /// <summary>Whether sandboxed commands may write it. Never for a system folder, the home folder or the Leviathan home.</summary>
    public bool Writable { get; init; }
}
