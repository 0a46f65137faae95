namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>Lets each toolchain notice through once per sandbox, so that a skipped folder is said once, not on every command.</summary>
internal sealed class ToolchainNoticeFilter
{
    private readonly HashSet<string> _said = new(StringComparer.Ordinal);

    /// <summary>The toolchain with only the notices not said before.</summary>
    public SandboxToolchain Unsaid(SandboxToolchain toolchain)
    {
        if (toolchain.Notices.Count == 0)
        {
            return toolchain;
        }

        lock (_said)
        {
            return toolchain with { Notices = [.. toolchain.Notices.Where(_said.Add)] };
        }
    }
}
