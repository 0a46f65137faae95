using System.Diagnostics;
using System.Globalization;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;

namespace Leviathan.Persistence.Tests;

public sealed class CrashSafetyTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-crash");

    [Fact]
    public async Task KilledWhileAppending_LeavesADatabaseThatOpensWithEveryAcknowledgedEventAndNoHalfBatch()
    {
        var home = _temp.Combine("home");
        var writerDll = Path.Combine(AppContext.BaseDirectory, "Leviathan.Persistence.CrashWriter.dll");
        using var child = Process.Start(new ProcessStartInfo("dotnet", [writerDll, home, "37"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;

        Guid runId;
        long acked = 0;
        try
        {
            var runLine = await child.StandardOutput.ReadLineAsync()
                ?? throw new InvalidOperationException($"the writer did not start: {await child.StandardError.ReadToEndAsync()}");
            runLine.ShouldStartWith("run ");
            runId = Guid.Parse(runLine["run ".Length..]);
            while (acked < 1000)
            {
                var line = await child.StandardOutput.ReadLineAsync()
                    ?? throw new InvalidOperationException($"the writer died early: {await child.StandardError.ReadToEndAsync()}");
                acked = long.Parse(line["acked ".Length..], CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL, mid-stream: it is appending the next batch.
            await child.WaitForExitAsync();
        }

        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, new FakeTimeProvider());
        var events = await store.ReadEventsAsync(runId);
        events.Count.ShouldBeGreaterThanOrEqualTo((int)acked);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events.ShouldAllBe(e => e.PayloadJson.Length == 1011);
    }

    public void Dispose() => _temp.Dispose();
}
