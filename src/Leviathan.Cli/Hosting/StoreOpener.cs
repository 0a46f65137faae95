using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Cli.Hosting;

/// <summary>Opens the trace store the configuration names (keys under <c>store:</c>).</summary>
internal static class StoreOpener
{
    public static TraceStoreOptions Options(CliContext context) => new()
    {
        Home = context.Home,
        Provider = context.Config.GetChoice("store:provider", TraceStoreOptions.Providers),
        Connection = context.Config.GetString("store:connection"),
        Synchronous = context.Config.GetChoice("store:synchronous", TraceStoreOptions.SynchronousModes),
        BatchSize = context.Config.GetInt("store:batch_size", 1, 100_000, 512),
    };

    public static async Task<TraceStore> OpenAsync(CliContext context, CancellationToken cancellationToken)
    {
        var options = Options(context);
        try
        {
            return await TraceStore.OpenAsync(options, context.Time, cancellationToken);
        }
        catch (TraceStoreException ex)
        {
            throw CliException.Failed(ex.Message, ex.Hint, ex);
        }
    }
}
