using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Leviathan.Persistence.Keys;
using Leviathan.Testing;

namespace Leviathan.Server.Tests.Workspaces;

/// <summary>Workspaces from an uploaded .tar.gz and from a git repository at a commit, and the archives and sources that are refused.</summary>
public sealed class WorkspacesApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(o => o with { MaxArchiveBytes = 256 * 1024, MaxWorkspaceBytes = 1024 * 1024 });
        _client = _server.Client(ApiKeyRole.Operator);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Upload_Archive_UnpacksIntoANewFolderUnderTheRoot_WithModesAndInsideLinks_AndARunCanBeQueuedOnIt()
    {
        var archive = Archives.Build(
            Archives.Folder("src/"),
            Archives.File("src/calc.py", "def add(a, b):\n    return a - b\n"),
            Archives.File("run.sh", "#!/bin/sh\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.SetUser),
            Archives.Symlink("docs/calc.py", "../src/calc.py"),
            Archives.HardLink("copy.py", "src/calc.py"));

        var response = await UploadAsync(archive);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        var workspace = created.GetProperty("workspace").GetString()!;
        workspace.ShouldStartWith(Path.Combine(_server.WorkspaceRoot, "uploads") + "/");
        created.GetProperty("files").GetInt32().ShouldBe(3);
        File.ReadAllText(Path.Combine(workspace, "src", "calc.py")).ShouldContain("return a - b");
        File.ReadAllText(Path.Combine(workspace, "copy.py")).ShouldContain("return a - b");
        new FileInfo(Path.Combine(workspace, "docs", "calc.py")).LinkTarget.ShouldBe("../src/calc.py");
        var mode = File.GetUnixFileMode(Path.Combine(workspace, "run.sh"));
        mode.HasFlag(UnixFileMode.UserExecute).ShouldBeTrue();
        mode.HasFlag(UnixFileMode.SetUser).ShouldBeFalse("set-id bits are dropped");

        var queued = await _client.PostAsync("/v1/runs", JobPolling.Json($$"""{"goal":"fix add","workspace":{{JobPolling.Quote(workspace)}}}"""));
        queued.StatusCode.ShouldBe(HttpStatusCode.Accepted, await queued.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> HostileArchives() => new(Hostile.Keys);

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task Upload_HostileArchive_Is422_AndNothingIsWrittenOutsideNorLeftBehind(string name)
    {
        var response = await UploadAsync(Archives.Build(Hostile[name]()));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:archive-refused");
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();
        Directory.GetFileSystemEntries(_server.WorkspaceRoot).ShouldBe([Path.Combine(_server.WorkspaceRoot, "uploads")], "nothing was written beside the uploads");
        Directory.GetFileSystemEntries(Path.Combine(_server.WorkspaceRoot, "uploads")).ShouldBeEmpty("the half-unpacked folder is removed");
        File.Exists(Path.Combine(Path.GetDirectoryName(_server.WorkspaceRoot)!, "escaped-by-archive")).ShouldBeFalse();
        File.Exists("/tmp/escaped-by-archive").ShouldBeFalse();
    }

    [Fact]
    public async Task Upload_NotAnArchive_Is400NamingTheBody_WrongMediaType_Is415_AndOverTheLimits_Is413()
    {
        await (await UploadAsync("this is not gzip"u8.ToArray())).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "body");

        using var json = JobPolling.Json("{}");
        await (await _client.PostAsync("/v1/workspaces/archive", json)).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "urn:leviathan:problem:unsupported-media-type");

        // Over the compressed limit: random bytes do not compress.
        var noise = new byte[300 * 1024];
        new Random(7).NextBytes(noise);
        await (await UploadAsync(noise)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "urn:leviathan:problem:body-too-large");

        // A small archive that unpacks to more than the workspace limit (zeros compress a thousandfold).
        var bomb = Archives.Build(Archives.Zeros("a.bin", 800 * 1024), Archives.Zeros("b.bin", 800 * 1024));
        bomb.Length.ShouldBeLessThan(64 * 1024);
        var tooBig = await (await UploadAsync(bomb)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "urn:leviathan:problem:body-too-large");
        tooBig.GetProperty("detail").GetString()!.ShouldContain("unpacks to more than 1048576 bytes");
        Directory.GetFileSystemEntries(Path.Combine(_server.WorkspaceRoot, "uploads")).ShouldBeEmpty();

        using var viewer = _server.Client(ApiKeyRole.Viewer);
        using var content = Gzip(Archives.Build(Archives.File("a", "b")));
        await (await viewer.PostAsync("/v1/workspaces/archive", content)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
    }

    [Fact]
    public async Task Clone_LocalRepositoryAtACommit_ChecksOutThatCommit_WithoutRunningTheSourcesHooksOrConfig()
    {
        var source = Directory.CreateDirectory(Path.Combine(_server.WorkspaceRoot, "origin")).FullName;
        HostileGit.Run(source, "init", "--quiet", "-b", "main");
        File.WriteAllText(Path.Combine(source, "calc.py"), "version 1\n");
        HostileGit.Run(source, "add", "calc.py");
        HostileGit.Run(source, "commit", "--quiet", "-m", "one");
        var first = HostileGit.Run(source, "rev-parse", "HEAD").Trim();
        File.WriteAllText(Path.Combine(source, "calc.py"), "version 2\n");
        HostileGit.Run(source, "commit", "--quiet", "-am", "two");
        var marker = Path.Combine(_server.Home, "hook-ran");
        HostileGit.Arm(Path.Combine(source, ".git"), HostileGit.Script(Path.Combine(_server.Home, "hook.sh"), marker));

        foreach (var url in new[] { source, "file://" + source })
        {
            var response = await _client.PostAsync("/v1/workspaces/git", JobPolling.Json($$"""{"url":{{JobPolling.Quote(url)}},"commit":"{{first}}"}"""));

            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
            var workspace = JsonDocument.Parse(body).RootElement.GetProperty("workspace").GetString()!;
            File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldBe("version 1\n");
            HostileGit.Run(workspace, "rev-parse", "HEAD").Trim().ShouldBe(first);
        }

        File.Exists(marker).ShouldBeFalse("no hook, filter or setting of the source repository ran");
    }

    [Fact]
    public async Task Clone_UnknownCommit_Is422_SourceOutsideTheRootsOrSsh_Is422_BadCommitId_Is400()
    {
        var source = Directory.CreateDirectory(Path.Combine(_server.WorkspaceRoot, "repo")).FullName;
        HostileGit.Run(source, "init", "--quiet", "-b", "main");
        File.WriteAllText(Path.Combine(source, "a"), "a\n");
        HostileGit.Run(source, "add", "a");
        HostileGit.Run(source, "commit", "--quiet", "-m", "a");
        var missing = new string('a', 40);

        var unknown = await (await _client.PostAsync("/v1/workspaces/git", JobPolling.Json($$"""{"url":{{JobPolling.Quote(source)}},"commit":"{{missing}}"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:clone-failed");
        unknown.GetProperty("detail").GetString()!.ShouldContain($"commit {missing} is not on any branch or tag");
        Directory.GetFileSystemEntries(Path.Combine(_server.WorkspaceRoot, "uploads")).ShouldBeEmpty();

        var outside = HostileGit.Run(RepositoryFiles.Root, "rev-parse", "HEAD").Trim();
        await (await _client.PostAsync("/v1/workspaces/git", JobPolling.Json($$"""{"url":{{JobPolling.Quote(RepositoryFiles.Root)}},"commit":"{{outside}}"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:workspace-not-allowed");
        await (await _client.PostAsync("/v1/workspaces/git", JobPolling.Json($$"""{"url":"ssh://git@127.0.0.1/x.git","commit":"{{missing}}"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:workspace-not-allowed");
        await (await _client.PostAsync("/v1/workspaces/git", JobPolling.Json($$"""{"url":"ext::sh -c touch% /tmp/pwned","commit":"{{missing}}"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:workspace-not-allowed");
        await (await _client.PostAsync("/v1/workspaces/git", JobPolling.Json($$"""{"url":{{JobPolling.Quote(source)}},"commit":"HEAD"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "commit");
    }

    private static readonly Dictionary<string, Func<TarEntry[]>> Hostile = new()
    {
        ["dot-dot path"] = () => [Archives.File("../escaped-by-archive", "x")],
        ["dot-dot deep path"] = () => [Archives.File("a/b/../../../escaped-by-archive", "x")],
        ["absolute path"] = () => [Archives.File("/tmp/escaped-by-archive", "x")],
        ["absolute symlink"] = () => [Archives.Symlink("etc", "/etc")],
        ["symlink up"] = () => [Archives.Symlink("up", "../../..")],
        ["write through a symlink"] = () => [Archives.Symlink("tmp", "../.."), Archives.File("tmp/escaped-by-archive", "x")],
        ["symlink that escapes through another link"] = () => [Archives.Symlink("self", "."), Archives.Symlink("parent", "self/..")],
        ["symlink chain out"] = () => [Archives.Folder("d/"), Archives.Symlink("d/a", "b"), Archives.Symlink("d/b", "../c"), Archives.Symlink("c", "d/../..")],
        ["hard link to an absolute file"] = () => [Archives.HardLink("passwd", "/etc/passwd")],
        ["hard link up"] = () => [Archives.HardLink("x", "../escaped-by-archive")],
        ["hard link to a symlink"] = () => [Archives.Symlink("l", "a"), Archives.File("a", "x"), Archives.HardLink("h", "l")],
        ["symlink over an earlier file"] = () => [Archives.File("f", "x"), Archives.Symlink("f", "/etc/passwd")],
        ["file over an earlier symlink"] = () => [Archives.File("target", "x"), Archives.Symlink("f", "target"), Archives.File("f", "overwritten")],
        ["fifo"] = () => [Archives.Fifo("pipe")],
    };

    private Task<HttpResponseMessage> UploadAsync(byte[] archive)
    {
        var content = Gzip(archive);
        return _client.PostAsync("/v1/workspaces/archive", content);
    }

    private static ByteArrayContent Gzip(byte[] archive)
    {
        var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return content;
    }
}
