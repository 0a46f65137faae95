using System.Net.Http.Headers;
using Leviathan.Core.Runs;
using Leviathan.Models.Profiles;
using Leviathan.Persistence;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;
using Leviathan.Server;
using Leviathan.Server.Hosting;
using Leviathan.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leviathan.Server.Tests;

/// <summary>The real service on Kestrel at 127.0.0.1 on a free port, over a fresh SQLite store, with one key per role.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly TempDirectory _home;
    private readonly TempDirectory _workspaces;
    private readonly ServerOptions _options;
    private readonly Uri? _model;
    private WebApplication _app;

    private RunningServer(TempDirectory home, TempDirectory workspaces, TraceStore store, ServerOptions options, Uri? model, WebApplication app, Uri address, IReadOnlyDictionary<ApiKeyRole, string> keys)
    {
        _home = home;
        _workspaces = workspaces;
        Store = store;
        _options = options;
        _model = model;
        _app = app;
        Address = address;
        Keys = keys;
        KeyStore = new ApiKeyStore(store, TimeProvider.System);
    }

    public TraceStore Store { get; }

    /// <summary>The server's services (its job worker pool and the like).</summary>
    public IServiceProvider Services => _app.Services;

    public ApiKeyStore KeyStore { get; }

    /// <summary>Where the server listens (another free port after <see cref="RestartAsync"/>).</summary>
    public Uri Address { get; private set; }

    public IReadOnlyDictionary<ApiKeyRole, string> Keys { get; }

    public string Home => _home.Path;

    /// <summary>The one folder under which this server allows workspaces (outside the home, as runs require).</summary>
    public string WorkspaceRoot => _workspaces.Path;

    public static async Task<RunningServer> StartAsync(Func<ServerOptions, ServerOptions>? configure = null, Func<TraceStore, Task>? before = null, Uri? model = null)
    {
        var home = new TempDirectory("leviathan-server");
        var workspaces = new TempDirectory("leviathan-workspaces");
        var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home.Path }, TimeProvider.System);
        var keyStore = new ApiKeyStore(store, TimeProvider.System);
        var keys = new Dictionary<ApiKeyRole, string>();
        foreach (var role in Enum.GetValues<ApiKeyRole>())
        {
            keys[role] = (await keyStore.CreateAsync($"test-{role}", role)).Secret;
        }

        if (before is not null)
        {
            await before(store);
        }

        var options = new ServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            RateLimitBurst = 100_000,
            RateLimitPerSecond = 100_000,
            StreamPollInterval = TimeSpan.FromMilliseconds(20),
            JobPollInterval = TimeSpan.FromMilliseconds(20),
            WorkspaceRoots = [workspaces.Path],
        };
        options = configure?.Invoke(options) ?? options;
        var (app, address) = await StartAppAsync(options, store, home.Path, model);
        return new RunningServer(home, workspaces, store, options, model, app, address, keys);
    }

    /// <summary>
    /// Stops the server as an operator's Ctrl+C does (running jobs keep their lease, which runs out) and starts a new one
    /// over the same home and store, on another port: what a restart after a crash or an upgrade looks like.
    /// </summary>
    public async Task RestartAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        (_app, var address) = await StartAppAsync(_options, Store, _home.Path, _model);
        Address = address;
    }

    private static async Task<(WebApplication App, Uri Address)> StartAppAsync(ServerOptions options, TraceStore store, string home, Uri? model)
    {
        var app = ServerApp.Build(options, store, TimeProvider.System, new Leviathan.Server.Jobs.RunLaunchDefaults(home, model is null ? null : Catalog(model), new Leviathan.Tools.Sandbox.SandboxOptions()), LogLevel.Warning);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>One <c>default</c> profile for every role, served by the model server at <paramref name="model"/> (the fake OpenAI server in tests).</summary>
    private static ModelCatalog Catalog(Uri model) =>
        new(
            [new ModelProfile(ModelProfile.DefaultName, model, "fake-model", null, 32_768, 0m, 0m, ModelCatalogParser.DefaultCapabilities, TimeSpan.FromMinutes(2))],
            new Dictionary<string, string>());

    /// <summary>A client that sends the key of <paramref name="role"/>, or no key.</summary>
    public HttpClient Client(ApiKeyRole? role) => Client(role is { } r ? Keys[r] : null);

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A finished run with events, a plan and a diff artifact, recorded the way agent runs record them.</summary>
    public async Task<RunRecord> SeedRunAsync(string goal = "fix the failing test", int events = 5, RunStatus status = RunStatus.Succeeded, string team = "software", string? patch = "diff --git a/x b/x\n")
    {
        var run = await Store.CreateRunAsync(new RunSpec(goal, team, "local", "/tmp/ws"));
        await Store.MarkRunningAsync(run.Id);
        await using (var writer = await Store.OpenWriterAsync(run.Id))
        {
            for (var i = 1; i <= events; i++)
            {
                writer.Append(new Leviathan.Core.Tracing.NewEvent(Leviathan.Core.Tracing.EventKind.Thought, "engineer", $$"""{"text":"step {{i}}"}"""));
            }

            await writer.FlushAsync();
        }

        await Store.SavePlanAsync(run.Id, [new Leviathan.Core.Plans.PlanItem("1", "reproduce", Leviathan.Core.Plans.PlanItemStatus.Done)], null);
        if (patch is not null)
        {
            await Store.AddArtifactAsync(run.Id, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(patch)), "text/x-diff", "run.patch");
        }

        if (status.IsTerminal())
        {
            await Store.CompleteRunAsync(run.Id, status, "done", new RunUsage(10, 20, 0.01m, events, TimeSpan.FromSeconds(1)));
        }

        return (await Store.FindRunAsync(run.Id))!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        _home.Dispose();
        _workspaces.Dispose();
    }
}
