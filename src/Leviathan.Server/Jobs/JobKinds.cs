namespace Leviathan.Server.Jobs;

/// <summary>The kinds of job the service runs.</summary>
internal static class JobKinds
{
    public const string SoftwareRun = "software_run";
}
