namespace Leviathan.Models.Resilience;

/// <summary>How model calls are retried, timed out and cut off when an endpoint keeps failing.</summary>
public sealed record ModelResilienceOptions
{
    /// <summary>Retries after the first attempt (0 disables retrying).</summary>
    public int MaxRetryAttempts { get; init; } = Profiles.ModelProfile.DefaultRetries;

    /// <summary>The first backoff delay; it doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = Profiles.ModelProfile.DefaultRetryDelay;

    /// <summary>The longest wait between attempts, also for a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Per-attempt timeout; null uses the profile's <c>timeout_s</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The share of failed calls in <see cref="BreakerSamplingDuration"/> that opens the endpoint's circuit.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>The circuit never opens on fewer calls than this within the sampling window.</summary>
    public int BreakerMinimumThroughput { get; init; } = 6;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit rejects calls at once before letting one through to probe.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Told about every retry (for the run's trace).</summary>
    public Action<ModelRetryInfo>? OnRetry { get; init; }

    /// <summary>The retries <paramref name="profile"/> asks for (<c>retries</c>, <c>retry_delay_s</c>), with the other defaults.</summary>
    public static ModelResilienceOptions For(Profiles.ModelProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new() { MaxRetryAttempts = profile.Retries, BaseDelay = profile.RetryDelay };
    }

    /// <summary>A quick check: one attempt, no retries, a short timeout (<c>models ping</c>).</summary>
    public static ModelResilienceOptions Probe(TimeSpan timeout) => new() { MaxRetryAttempts = 0, Timeout = timeout };
}
