using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;
using Microsoft.Data.Sqlite;

// Backup compression: which codec to use for store snapshots (docs/backup.md).
//  1. Writes a realistic store (runs of agent traces: messages with code, tool calls, test output, thoughts) of at
//     least --megabytes MB through the trace writer, as agent runs write it.
//  2. Takes the snapshot a backup takes (VACUUM INTO).
//  3. Compresses the snapshot with zstd (ZstdSharp) at the --zstd levels, xz -9e (Debian's xz, one thread) and Brotli
//     at quality 11 (window 24), once each, checking that each round-trips. Both the wall time and the CPU time are
//     printed: on a shared machine the CPU time is the figure that does not depend on the other processes.
// Usage: dotnet run -c Release --project perf/Leviathan.Perf.Backup [-- --megabytes 100 --zstd 3,9,12,19 --keep FOLDER]
var megabytes = Arg("--megabytes", 100);
var keep = args.SkipWhile(a => a != "--keep").Skip(1).FirstOrDefault();
var zstdLevels = (args.SkipWhile(a => a != "--zstd").Skip(1).FirstOrDefault() ?? "3,9,12,19").Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
var root = keep ?? Path.Combine(Path.GetTempPath(), $"leviathan-perf-backup-{Guid.NewGuid():N}");
Directory.CreateDirectory(root);
try
{
    var home = Path.Combine(root, "home");
    var database = Path.Combine(home, "leviathan.db");
    if (!File.Exists(database) || new FileInfo(database).Length < megabytes * 1_000_000L || File.Exists(database + "-wal"))
    {
        var clock = Stopwatch.StartNew();
        var (runs, events) = await WriteStoreAsync(home, megabytes * 1_000_000L);
        Console.WriteLine($"store: {runs} runs with {events:N0} events added in {clock.Elapsed.TotalSeconds:F1} s; the file holds {new FileInfo(database).Length / 1e6:F1} MB");
    }

    var snapshot = Path.Combine(root, "snapshot.db");
    File.Delete(snapshot);
    var vacuum = Stopwatch.StartNew();
    await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
    {
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", snapshot);
        await command.ExecuteNonQueryAsync();
    }

    var original = await File.ReadAllBytesAsync(snapshot);
    Console.WriteLine($"snapshot (VACUUM INTO): {original.Length / 1e6:F1} MB in {vacuum.Elapsed.TotalSeconds:F1} s");
    Console.WriteLine();
    Console.WriteLine("| codec | compressed MB | ratio | compress CPU s | compress wall s | MB/s per CPU second | decompress CPU s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var level in zstdLevels)
    {
        Measure($"zstd {level}", original, data => Zstd(data, level), ZstdBack);
    }

    Measure("xz -9e", original, data => Xz(data, root), data => XzBack(data, root));
    Measure("Brotli 11 (window 24)", original, Brotli, BrotliBack);
}
finally
{
    if (keep is null)
    {
        Directory.Delete(root, recursive: true);
    }
}

void Measure(string name, byte[] original, Func<byte[], byte[]> compress, Func<byte[], byte[]> decompress)
{
    var clock = Stopwatch.StartNew();
    var cpu = CpuSeconds();
    var packed = compress(original);
    var packing = clock.Elapsed.TotalSeconds;
    var packingCpu = CpuSeconds() - cpu;
    cpu = CpuSeconds();
    var unpacked = decompress(packed);
    var unpackingCpu = CpuSeconds() - cpu;
    if (!unpacked.AsSpan().SequenceEqual(original))
    {
        throw new InvalidOperationException($"{name} did not round-trip");
    }

    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {packed.Length / 1e6:F1} | {(double)original.Length / packed.Length:F2} | {packingCpu:F1} | {packing:F1} | {original.Length / 1e6 / packingCpu:F1} | {unpackingCpu:F2} |"));
}

// This process's CPU time plus that of the children it waited for (xz): utime, stime, cutime and cstime of
// /proc/self/stat, in clock ticks of 1/100 s.
static double CpuSeconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
}

static byte[] Zstd(byte[] data, int level)
{
    using var compressor = new ZstdSharp.Compressor(level);
    return compressor.Wrap(data).ToArray();
}

static byte[] ZstdBack(byte[] data)
{
    using var decompressor = new ZstdSharp.Decompressor();
    return decompressor.Unwrap(data).ToArray();
}

static byte[] Brotli(byte[] data)
{
    using var output = new MemoryStream();
    using (var brotli = new BrotliStream(output, new BrotliCompressionOptions { Quality = 11 }, leaveOpen: true))
    {
        brotli.Write(data);
    }

    return output.ToArray();
}

static byte[] BrotliBack(byte[] data)
{
    using var output = new MemoryStream();
    using (var brotli = new BrotliStream(new MemoryStream(data), CompressionMode.Decompress))
    {
        brotli.CopyTo(output);
    }

    return output.ToArray();
}

static byte[] Xz(byte[] data, string root)
{
    var input = Path.Combine(root, "xz-input");
    File.WriteAllBytes(input, data);
    Tool("xz", ["-9e", "-T1", "-k", "-f", input]);
    var packed = File.ReadAllBytes(input + ".xz");
    File.Delete(input);
    File.Delete(input + ".xz");
    return packed;
}

static byte[] XzBack(byte[] data, string root)
{
    var input = Path.Combine(root, "xz-back.xz");
    File.WriteAllBytes(input, data);
    Tool("xz", ["-d", "-f", input]);
    var unpacked = File.ReadAllBytes(Path.Combine(root, "xz-back"));
    File.Delete(Path.Combine(root, "xz-back"));
    return unpacked;
}

static void Tool(string name, string[] arguments)
{
    var start = new ProcessStartInfo(name) { RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{name} failed ({process.ExitCode}): {error}; install it with apt-get install xz-utils");
    }
}

// Runs of an agent team as they are recorded: a plan, then steps of thought, message with code, tool call, tool
// result (test output, diffs, file listings), with real variety (identifiers, numbers, ids) so the data is not
// artificially repetitive.
static async Task<(int Runs, long Events)> WriteStoreAsync(string home, long bytes)
{
    var random = new Random(20261205);
    string[] words = ["fix", "the", "failing", "test", "parser", "token", "handles", "empty", "input", "returns", "null", "when", "buffer",
        "overflow", "index", "range", "assert", "expected", "actual", "module", "function", "refactor", "cache", "invalidate", "config",
        "retry", "timeout", "socket", "request", "response", "header", "encode", "decode", "utf8", "path", "normalize", "symlink", "gear",
        "torque", "payload", "goal", "zone", "friction", "mass", "hinge", "motor", "velocity", "collision", "mesh", "bracket", "clearance"];
    string[] files = ["src/parser.py", "src/lexer.py", "tests/test_parser.py", "lib/cache.ts", "src/http/client.rs", "parts/arm.scad",
        "parts/bracket.scad", "scene.xml", "src/util/path.go", "app/models.py", "Makefile", "README.md"];
    string Sentence(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => words[random.Next(words.Length)]));
    string Code(int lines) => string.Join("\\n", Enumerable.Range(0, lines).Select(i =>
        $"{new string(' ', 4 * random.Next(3))}{words[random.Next(words.Length)]}_{words[random.Next(words.Length)]} = {words[random.Next(words.Length)]}({random.Next(1000)}, \\\"{words[random.Next(words.Length)]}\\\")"));

    await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, TimeProvider.System);
    var database = Path.Combine(home, "leviathan.db");
    var runs = 0;
    long events = 0;
    // The write-ahead log is folded into the file at the end: write 5 % more than asked so the file itself is large enough.
    while (new FileInfo(database).Length + (File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0) < bytes * 105 / 100)
    {
        var run = await store.CreateRunAsync(new RunSpec(Sentence(8), random.Next(3) == 0 ? "physics" : "software", "default", $"/srv/work/{Guid.NewGuid():N}"));
        runs++;
        await store.MarkRunningAsync(run.Id);
        await using (var writer = await store.OpenWriterAsync(run.Id))
        {
            var steps = 50 + random.Next(250);
            for (var step = 0; step < steps; step++)
            {
                writer.Append(new NewEvent(EventKind.Thought, "engineer", $$"""{"text":"{{Sentence(10 + random.Next(40))}}"}"""));
                var message = writer.Append(new NewEvent(EventKind.Message, "engineer",
                    $$"""{"role":"assistant","content":"{{Sentence(20 + random.Next(60))}}\n```\n{{Code(3 + random.Next(25))}}\n```"}"""));
                var callId = $"call_{Guid.NewGuid():N}"[..20];
                var file = files[random.Next(files.Length)];
                var call = writer.Append(new NewEvent(EventKind.ToolCall, "engineer",
                    $$$"""{"call_id":"{{{callId}}}","name":"{{{(random.Next(2) == 0 ? "edit_file" : "run_command")}}}","arguments":{"path":"{{{file}}}","command":"pytest -q {{{file}}}::test_{{{words[random.Next(words.Length)]}}}"}}""",
                    message.Id));
                var passed = random.Next(200);
                var failed = random.Next(4);
                var output = string.Join("\\n", Enumerable.Range(0, 2 + random.Next(30)).Select(_ =>
                    $"{file}:{random.Next(1, 900)}: {(random.Next(3) == 0 ? "AssertionError" : "ok")} {Sentence(6)} ({random.NextDouble() * 3:F3}s)"));
                writer.Append(new NewEvent(EventKind.ToolResult, "engineer",
                    $$"""{"call_id":"{{callId}}","is_error":{{(failed > 0 ? "true" : "false")}},"exit_code":{{(failed > 0 ? 1 : 0)}},"text":"{{output}}\n{{passed}} passed, {{failed}} failed in {{random.NextDouble() * 40:F2}}s"}""",
                    call.Id, TimeSpan.FromMilliseconds(random.Next(50, 40_000))));
                if (random.Next(10) == 0)
                {
                    writer.Append(new NewEvent(EventKind.Metric, "engineer", $$"""{"tokens_in":{{random.Next(100_000)}},"tokens_out":{{random.Next(4000)}},"cost_usd":{{random.NextDouble():F5}}}"""));
                }

                events += 4;
                if (step % 10 == 0)
                {
                    await writer.FlushAsync();
                }
            }

            await writer.FlushAsync();
        }

        await store.CompleteRunAsync(run.Id, RunStatus.Succeeded, "verified", new RunUsage(random.Next(1_000_000), random.Next(50_000), 0.5m, 100, TimeSpan.FromMinutes(random.Next(1, 60))));
    }

    return (runs, events);
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
