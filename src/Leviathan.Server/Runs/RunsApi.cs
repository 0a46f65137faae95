using System.ComponentModel.DataAnnotations;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Leviathan.Core.Plans;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Leviathan.Server.Runs;

/// <summary>Read access to the trace store: runs, events (paged and live), plans, diffs and artifacts.</summary>
internal static partial class RunsApi
{
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 50;

    // Keyed by the event object (weakly): the feed hands the same objects to every stream of a run.
    private static readonly ConditionalWeakTable<Leviathan.Core.Tracing.TraceEvent, EventResource> FeedResources = [];

    public static void MapRunsApi(this IEndpointRouteBuilder v1)
    {
        var runs = v1.MapGroup("/runs").WithTags("Runs").RequireAuthorization(Roles.Viewer);

        runs.MapGet("", ListAsync)
            .WithName("listRuns")
            .WithSummary("List runs, newest first")
            .WithDescription("Filters by status and team; pages with an opaque cursor (next_cursor of the previous page).")
            .ProducesValidationProblem()
            .Secured();

        runs.MapGet("/{id}", GetAsync)
            .WithName("getRun")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get one run")
            .ProducesValidationProblem()
            .Secured();

        runs.MapGet("/{id}/events", EventsAsync)
            .WithName("listRunEvents")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a run's events in sequence order, a page at a time")
            .ProducesValidationProblem()
            .Secured();

        runs.MapGet("/{id}/events/stream", Stream)
            .WithName("streamRunEvents")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Follow a run's events live (Server-Sent Events)")
            .WithDescription("Each event's SSE id is its seq; reconnecting with Last-Event-ID (or after_seq) resumes after it. The status and headers are sent at once; while no event comes, a comment line ': keep-alive' is sent every serve.stream_heartbeat_seconds (15). The stream ends after the last event of a finished run.")
            .Produces<EventResource>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem()
            .Secured();

        runs.MapGet("/{id}/plan", PlanAsync)
            .WithName("getRunPlan")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a run's TODO plan")
            .ProducesValidationProblem()
            .Secured();

        runs.MapGet("/{id}/diff", DiffAsync)
            .WithName("getRunDiff")
            .WithSummary("Get the run's whole change as a git diff (its run.patch artifact)")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "text/x-diff")
            .Produces(StatusCodes.Status206PartialContent, typeof(Stream), "text/x-diff")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Secured();

        runs.MapGet("/{id}/artifacts", ArtifactsAsync)
            .WithName("listRunArtifacts")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List the files a run produced")
            .ProducesValidationProblem()
            .Secured();

        runs.MapGet("/{id}/artifacts/{sha256}", ArtifactAsync)
            .WithName("getRunArtifact")
            .WithSummary("Download an artifact by its SHA-256 (ETag and range requests supported)")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent, typeof(Stream), "application/octet-stream")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Secured();
    }

    private static async Task<Results<Ok<RunPage>, ValidationProblem>> ListAsync(
        TraceStore store,
        [FromQuery(Name = "status"), AllowedValues("pending", "running", "succeeded", "failed_verification", "refused", "stuck", "budget_exhausted", "cancelled", "error")] string? status,
        [FromQuery(Name = "team"), StringLength(100, MinimumLength = 1)] string? team,
        [FromQuery(Name = "cursor"), StringLength(128, MinimumLength = 1)] string? cursor,
        [FromQuery(Name = "limit"), Range(1, MaxPageSize)] int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        RunStatus? wanted = null;
        if (status is not null)
        {
            if (RunStatusNames.TryParse(status, out var parsed) && parsed.ToName() == status)
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = [$"'{status}' is not a run status; use one of: {string.Join(", ", RunStatusNames.All)}"];
            }
        }

        if (team is not null && (team.Length is 0 or > 100 || team.Any(char.IsControl)))
        {
            errors["team"] = ["must be 1 to 100 printable characters"];
        }

        var (before, size) = RunCursor.ReadPage(cursor, limit, DefaultPageSize, MaxPageSize, errors);

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        // One more than asked tells whether another page exists without a second query.
        var found = await store.ListRunsPageAsync(wanted, team, before, size + 1, cancellationToken);
        var items = found.Take(size).Select(RunResource.From).ToList();
        var next = found.Count > size ? RunCursor.Encode(items[^1].CreatedAt, items[^1].RunId) : null;
        return TypedResults.Ok(new RunPage(items, next));
    }

    private static async Task<Results<Ok<RunResource>, ProblemHttpResult>> GetAsync(TraceStore store, Guid id, CancellationToken cancellationToken) =>
        await store.FindRunAsync(id, cancellationToken) is { } run
            ? TypedResults.Ok(RunResource.From(run))
            : NoRun(id);

    private static async Task<Results<Ok<EventPage>, ValidationProblem, ProblemHttpResult>> EventsAsync(
        TraceStore store,
        Guid id,
        [FromQuery(Name = "after_seq"), Range(0, int.MaxValue)] long? afterSeq,
        [FromQuery(Name = "limit"), Range(1, MaxPageSize)] int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (afterSeq is < 0 or > int.MaxValue)
        {
            errors["after_seq"] = [$"must be from 0 to {int.MaxValue}, not {afterSeq}"];
        }

        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"must be from 1 to {MaxPageSize}, not {size}"];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        if (await store.FindRunAsync(id, cancellationToken) is null)
        {
            return NoRun(id);
        }

        var events = await store.ReadEventsPageAsync(id, afterSeq ?? 0, size, cancellationToken);
        var next = events.Count == size ? events[^1].Sequence : (long?)null;
        return TypedResults.Ok(new EventPage([.. events.Select(EventResource.From)], next));
    }

    private static async Task<Results<EventStreamResult, ValidationProblem, ProblemHttpResult>> Stream(
        TraceStore store,
        ServerOptions options,
        TimeProvider time,
        Guid id,
        [FromQuery(Name = "after_seq"), Range(0, int.MaxValue)] long? afterSeq,
        [FromHeader(Name = "Last-Event-ID"), RegularExpression("^[0-9]{1,18}$")] string? lastEventId,
        CancellationToken cancellationToken)
    {
        // Both are checked even when both are sent; a reconnecting client's Last-Event-ID wins over the after_seq it started with.
        var errors = new Dictionary<string, string[]>();
        if (afterSeq is < 0 or > int.MaxValue)
        {
            errors["after_seq"] = [$"must be from 0 to {int.MaxValue}, not {afterSeq}"];
        }

        long resumeAt = 0;
        if (lastEventId is not null && (lastEventId.Length > 18 || !long.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out resumeAt)))
        {
            errors["Last-Event-ID"] = [$"'{lastEventId}' is not an event seq this stream sent"];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        var start = lastEventId is not null ? resumeAt : afterSeq ?? 0;

        if (await store.FindRunAsync(id, cancellationToken) is null)
        {
            return NoRun(id);
        }

        return new EventStreamResult(Follow(store, options.StreamPollInterval, id, start, cancellationToken), options.StreamHeartbeat, time);
    }

    private static async IAsyncEnumerable<SseItem<EventResource>> Follow(
        TraceStore store, TimeSpan interval, Guid id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribed before the first read: an event committed after that read arrives through the feed.
        using var live = store.Feed.Subscribe(id);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read the status before the events: a run that is finished now has all its events durable already.
            var run = await store.FindRunAsync(id, cancellationToken);
            var finished = run is null || run.Status.IsTerminal();
            var page = await store.ReadEventsPageAsync(id, after, MaxPageSize, cancellationToken);
            foreach (var evt in page)
            {
                after = evt.Sequence;
                yield return Item(evt);
            }

            if (page.Count == MaxPageSize)
            {
                continue;
            }

            if (finished)
            {
                yield break;
            }

            // Caught up: events committed by a writer in this process come from the feed without reading the store; the
            // store is read again when the feed says so (a gap, the writer closed, or nothing for a while: a writer elsewhere).
            while (await live.WaitAsync(interval, cancellationToken) is { } committed && committed[0].Sequence <= after + 1)
            {
                foreach (var evt in committed)
                {
                    if (evt.Sequence == after + 1)
                    {
                        after = evt.Sequence;

                        // Every stream of the run gets the same event objects from the feed: their payload is parsed once, not once per stream.
                        yield return new SseItem<EventResource>(FeedResources.GetValue(evt, EventResource.From), "event") { EventId = Id(evt) };
                    }
                }
            }
        }
    }

    private static SseItem<EventResource> Item(Leviathan.Core.Tracing.TraceEvent evt) =>
        new(EventResource.From(evt), "event") { EventId = Id(evt) };

    private static string Id(Leviathan.Core.Tracing.TraceEvent evt) => evt.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Results<Ok<PlanResource>, ProblemHttpResult>> PlanAsync(TraceStore store, Guid id, CancellationToken cancellationToken)
    {
        if (await store.FindRunAsync(id, cancellationToken) is null)
        {
            return NoRun(id);
        }

        var plan = await store.ReadPlanAsync(id, cancellationToken);
        return TypedResults.Ok(new PlanResource(id, [.. plan.Select(i => new PlanItemResource(i.Id, i.Text, i.Status.ToName()))]));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DiffAsync(TraceStore store, Guid id, CancellationToken cancellationToken)
    {
        if (await store.FindRunAsync(id, cancellationToken) is null)
        {
            return NoRun(id);
        }

        var patch = (await store.ListArtifactsAsync(id, cancellationToken)).LastOrDefault(a => a.Path == "run.patch");
        return patch is null
            ? ProblemResults.NotFound($"run {id} has no diff (it changed no files, or has not finished)")
            : Content(store, patch, "text/x-diff");
    }

    private static async Task<Results<Ok<ArtifactList>, ProblemHttpResult>> ArtifactsAsync(TraceStore store, Guid id, CancellationToken cancellationToken)
    {
        if (await store.FindRunAsync(id, cancellationToken) is null)
        {
            return NoRun(id);
        }

        var artifacts = await store.ListArtifactsAsync(id, cancellationToken);
        return TypedResults.Ok(new ArtifactList([.. artifacts.Select(ArtifactResource.From)]));
    }

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> ArtifactAsync(
        TraceStore store, Guid id, [RegularExpression("^[0-9a-f]{64}$")] string sha256, CancellationToken cancellationToken)
    {
        if (!Sha256Hex().IsMatch(sha256))
        {
            return ProblemResults.Invalid("sha256", "must be 64 lowercase hexadecimal characters");
        }

        if (await store.FindRunAsync(id, cancellationToken) is null)
        {
            return NoRun(id);
        }

        var artifact = (await store.ListArtifactsAsync(id, cancellationToken)).LastOrDefault(a => a.Sha256 == sha256);
        if (artifact is null)
        {
            return ProblemResults.NotFound($"run {id} has no artifact {sha256}; list them with GET /v1/runs/{id}/artifacts");
        }

        return Content(store, artifact, artifact.MediaType).Result switch
        {
            FileStreamHttpResult file => file,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException($"unexpected result {other}"),
        };
    }

    private static Results<FileStreamHttpResult, ProblemHttpResult> Content(TraceStore store, ArtifactRecord artifact, string mediaType)
    {
        if (!store.Blobs.Contains(artifact.Sha256))
        {
            return ProblemResults.NotFound($"the content of artifact {artifact.Sha256} is missing from the store's blob folder; restore the store from a backup");
        }

        return TypedResults.File(
            store.Blobs.OpenRead(artifact.Sha256),
            mediaType,
            lastModified: artifact.CreatedAt,
            entityTag: new EntityTagHeaderValue($"\"{artifact.Sha256}\""),
            enableRangeProcessing: true);
    }

    private static ProblemHttpResult NoRun(Guid id) =>
        ProblemResults.NotFound($"there is no run {id}; list the runs with GET /v1/runs");

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
