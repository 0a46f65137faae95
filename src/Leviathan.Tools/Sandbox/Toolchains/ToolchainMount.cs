namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>A checked mount: the real host path, where it appears, and what inside it stays hidden.</summary>
/// <param name="Source">The host path with every symbolic link resolved.</param>
/// <param name="Target">The absolute path inside the sandbox.</param>
/// <param name="Writable">Whether commands may write it.</param>
/// <param name="Hidden">Credential files and folders inside it (as paths inside the sandbox) hidden behind an empty one.</param>
internal sealed record ToolchainMount(string Source, string Target, bool Writable, IReadOnlyList<string> Hidden);
