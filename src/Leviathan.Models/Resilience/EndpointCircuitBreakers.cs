using System.Collections.Concurrent;
using Leviathan.Models.Diagnostics;
using Leviathan.Models.Errors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace Leviathan.Models.Resilience;

/// <summary>
/// One circuit breaker per endpoint (base URL), shared by every profile and client that talks to it, so that a
/// dead server is detected once and every caller fails fast while it is down. The breaker settings of the first
/// client made for an endpoint apply to all later ones.
/// </summary>
internal sealed class EndpointCircuitBreakers(TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _breakers = new(StringComparer.OrdinalIgnoreCase);

    public ResiliencePipeline For(Uri endpoint, ModelResilienceOptions options) =>
        _breakers.GetOrAdd(endpoint.GetLeftPart(UriPartial.Path), key => new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = Math.Max(2, options.BreakerMinimumThroughput),
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ModelException { IsTransient: true }),
                OnOpened = args =>
                {
                    ModelLog.CircuitOpened(logger, key, args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build());
}
