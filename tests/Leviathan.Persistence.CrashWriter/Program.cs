using System.Globalization;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;

// Usage: CrashWriter HOME BATCH
// Creates a run, prints "run <id>", then appends batches of BATCH events forever, printing "acked <seq>"
// after each durable flush. The parent kills it with SIGKILL at some point.
var home = args[0];
var batch = int.Parse(args[1], CultureInfo.InvariantCulture);
await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home, BatchSize = 64 }, TimeProvider.System);
var run = await store.CreateRunAsync(new RunSpec("crash test", "test", null, null));
Console.Out.WriteLine($"run {run.Id}");
Console.Out.Flush();
await using var writer = await store.OpenWriterAsync(run.Id);
var payload = "{\"text\":\"" + new string('x', 1000) + "\"}";
while (true)
{
    TraceEvent last = null!;
    for (var i = 0; i < batch; i++)
    {
        last = writer.Append(new NewEvent(EventKind.Message, "engineer", payload));
    }

    await writer.FlushAsync();
    Console.Out.WriteLine($"acked {last.Sequence}");
    Console.Out.Flush();
}
