namespace Leviathan.Server.Problems;

/// <summary>
/// The stable <c>type</c> of every problem the service answers with (RFC 9457). Clients branch on these,
/// never on <c>title</c> or <c>detail</c>; documented in docs/service.md.
/// </summary>
internal static class ProblemTypes
{
    public const string Validation = "urn:leviathan:problem:validation";
    public const string MalformedBody = "urn:leviathan:problem:malformed-body";
    public const string UnsupportedMediaType = "urn:leviathan:problem:unsupported-media-type";
    public const string BodyTooLarge = "urn:leviathan:problem:body-too-large";
    public const string Unauthenticated = "urn:leviathan:problem:unauthenticated";
    public const string Forbidden = "urn:leviathan:problem:forbidden";
    public const string NotFound = "urn:leviathan:problem:not-found";
    public const string MethodNotAllowed = "urn:leviathan:problem:method-not-allowed";
    public const string RateLimited = "urn:leviathan:problem:rate-limited";
    public const string InvalidModel = "urn:leviathan:problem:invalid-model";
    public const string BackupNotConfigured = "urn:leviathan:problem:backup-not-configured";
    public const string BackupInProgress = "urn:leviathan:problem:backup-in-progress";
    public const string BackupUnavailable = "urn:leviathan:problem:backup-unavailable";
    public const string StorageUnavailable = "urn:leviathan:problem:storage-unavailable";
    public const string RangeNotSatisfiable = "urn:leviathan:problem:range-not-satisfiable";
    public const string WorkspaceNotAllowed = "urn:leviathan:problem:workspace-not-allowed";
    public const string Conflict = "urn:leviathan:problem:conflict";
    public const string ArchiveRefused = "urn:leviathan:problem:archive-refused";
    public const string CloneFailed = "urn:leviathan:problem:clone-failed";
    public const string InvalidSolution = "urn:leviathan:problem:invalid-solution";
    public const string InvalidBenchmark = "urn:leviathan:problem:invalid-benchmark";
    public const string UnknownFamily = "urn:leviathan:problem:unknown-family";
    public const string NotReady = "urn:leviathan:problem:not-ready";
    public const string QueueFull = "urn:leviathan:problem:queue-full";
    public const string Unavailable = "urn:leviathan:problem:unavailable";
    public const string Internal = "urn:leviathan:problem:internal";
}
