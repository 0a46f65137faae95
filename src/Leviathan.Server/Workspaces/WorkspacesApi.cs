using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Problems;
using Leviathan.Tools.Git;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Leviathan.Server.Workspaces;

/// <summary>
/// Workspaces the server makes for runs: from a <c>.tar.gz</c> uploaded as the request body, or from a git repository at a
/// commit. Each goes into a new folder under the first of <c>serve.workspace_roots</c> (in <c>uploads/</c>), whose path
/// <c>POST /v1/runs</c> then takes.
/// </summary>
internal static class WorkspacesApi
{
    public const string ArchiveMediaType = "application/gzip";
    public const string UploadsFolder = "uploads";

    public static void MapWorkspacesApi(this IEndpointRouteBuilder v1, ServerOptions options)
    {
        v1.MapPost("/workspaces/archive", UploadAsync)
            .WithTags("Workspaces")
            .RequireAuthorization(Roles.Operator)
            .WithName("uploadWorkspace")
            .WithSummary("Unpack a .tar.gz (the request body, application/gzip) into a new workspace folder; paths, links and sizes are checked")
            .Accepts<Stream>(ArchiveMediaType)
            .Produces<WorkspaceResource>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithBody(options.MaxArchiveBytes)
            .Secured();

        v1.MapPost("/workspaces/git", CloneAsync)
            .WithTags("Workspaces")
            .RequireAuthorization(Roles.Operator)
            .WithName("cloneWorkspace")
            .WithSummary("Check out a git repository at a commit into a new workspace folder")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithJsonBody(16 * 1024)
            .Secured();
    }

    private static async Task<Results<Created<WorkspaceResource>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ServerOptions options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals(ArchiveMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                $"send the archive as the body with Content-Type: {ArchiveMediaType} (e.g. curl --data-binary @ws.tar.gz -H 'Content-Type: {ArchiveMediaType}')",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                type: ProblemTypes.UnsupportedMediaType);
        }

        if (NewFolder(options) is not { } folder)
        {
            return NoRoots();
        }

        try
        {
            var summary = await TarGzExtractor.ExtractAsync(request.Body, folder, new ArchiveLimits(options.MaxWorkspaceBytes, options.MaxWorkspaceEntries), cancellationToken);
            return TypedResults.Created((string?)null, new WorkspaceResource(folder, "archive", summary.Files, summary.Bytes));
        }
        catch (ArchiveRefusedException ex)
        {
            Remove(folder);
            return ex.TooLarge
                ? TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Archive too large", type: ProblemTypes.BodyTooLarge)
                : ex.Malformed
                    ? ProblemResults.Invalid("body", ex.Message)
                    : TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Archive refused", type: ProblemTypes.ArchiveRefused);
        }
        catch
        {
            Remove(folder);
            throw;
        }
    }

    private static async Task<Results<Created<WorkspaceResource>, ValidationProblem, ProblemHttpResult>> CloneAsync(
        GitWorkspaceRequest request, ServerOptions options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Url.Length is 0 or > 4096)
        {
            errors["url"] = ["must be 1 to 4096 characters"];
        }

        if (request.Commit.Length != 40 || !request.Commit.All(char.IsAsciiHexDigitLower))
        {
            errors["commit"] = ["must be a full commit id: 40 lowercase hex digits"];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        if (SourceProblem(request.Url, options.WorkspaceRoots) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Repository not allowed", type: ProblemTypes.WorkspaceNotAllowed);
        }

        if (NewFolder(options) is not { } folder)
        {
            return NoRoots();
        }

        Directory.Delete(folder);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.GitTimeout);
        try
        {
            await GitClone.CloneAsync(request.Url, request.Commit, folder, timeout.Token);
        }
        catch (GitCloneException ex)
        {
            Remove(folder);
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Clone failed", type: ProblemTypes.CloneFailed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Remove(folder);
            return TypedResults.Problem(
                $"the clone took longer than {options.GitTimeout.TotalSeconds:0} s; clone it yourself and upload it as an archive",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Clone failed",
                type: ProblemTypes.CloneFailed);
        }
        catch
        {
            Remove(folder);
            throw;
        }

        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(f => !f.StartsWith(Path.Combine(folder, ".git") + "/", StringComparison.Ordinal))
            .Select(f => new FileInfo(f).Length)
            .ToList();
        return TypedResults.Created((string?)null, new WorkspaceResource(folder, "git", files.Count, files.Sum()));
    }

    /// <summary>Why a repository may not be cloned, or null: https anywhere; on this machine only under the allowed roots.</summary>
    private static string? SourceProblem(string url, IReadOnlyList<string> roots)
    {
        if (url.StartsWith("https://", StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return null;
        }

        string? path = url.StartsWith("file://", StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Absolute, out var file) ? file.LocalPath
            : url.StartsWith('/') ? url
            : null;
        if (path is null)
        {
            return $"'{url}' is neither an https:// URL nor a repository on this server (an absolute path or a file:// URL); ssh and other transports are not allowed";
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).Any(r => full.StartsWith(r + "/", StringComparison.Ordinal)))
        {
            return roots.Count == 0
                ? "this server allows no workspaces: the operator sets serve.workspace_roots to the folders runs may use"
                : $"{full} is not under an allowed workspace root ({string.Join(", ", roots)})";
        }

        return Directory.Exists(full) ? null : $"the repository {full} does not exist";
    }

    /// <summary>A new, empty folder under the first allowed root, or null when there is none.</summary>
    private static string? NewFolder(ServerOptions options)
    {
        if (options.WorkspaceRoots.Count == 0)
        {
            return null;
        }

        var uploads = Path.Combine(Path.GetFullPath(options.WorkspaceRoots[0]), UploadsFolder);
        Directory.CreateDirectory(uploads);
        return Directory.CreateDirectory(Path.Combine(uploads, Guid.CreateVersion7().ToString())).FullName;
    }

    private static ProblemHttpResult NoRoots() =>
        TypedResults.Problem(
            "this server allows no workspaces: the operator sets serve.workspace_roots to the folders runs may use",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Workspace not allowed",
            type: ProblemTypes.WorkspaceNotAllowed);

    private static void Remove(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
