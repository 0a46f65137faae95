namespace Leviathan.Cli.Hosting;

/// <summary>The exit codes every command follows.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
