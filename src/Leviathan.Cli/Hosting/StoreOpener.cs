using Leviathan.Cli.Configuration.Settings;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Cli.Hosting;

/// <summary>Opens the trace store the configuration names (keys under <c>store:</c>).</summary>
internal static class StoreOpener
{
    public static TraceStoreOptions Options(CliContext context)
    {
        var settings = context.Config.Settings<StoreSettings>();
        return new()
        {
            Home = context.Home,
            Provider = settings.Provider.ToLowerInvariant(),
            Connection = string.IsNullOrEmpty(settings.Connection) ? null : settings.Connection,
            Synchronous = settings.Synchronous.ToLowerInvariant(),
            BatchSize = settings.BatchSize,
        };
    }

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
