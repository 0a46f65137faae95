// How long the edit engine takes on a large source file: locating diff hunks and SEARCH/REPLACE blocks,
// writing, and the "did you mean" search when a block is not found.
// Then how the SEARCH/REPLACE path scales with the size of the edit (1, 2, 4 MB; 4 MB is the cap): it must grow linearly.
// Run: dotnet run -c Release --project perf/Leviathan.Perf.Edits [-- RUNS]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Leviathan.Tools.Edits;
using Leviathan.Tools.Workspace;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
const int Functions = 2500;
var folder = Directory.CreateTempSubdirectory("leviathan-perf-edits-").FullName;
try
{
    var source = new StringBuilder();
    for (var i = 0; i < Functions; i++)
    {
        source.Append(CultureInfo.InvariantCulture, $"def function_{i}(value):\n    total = value * {i}\n    if total > {i * 3}:\n        return total - {i}\n    return total + {i}\n\n\n");
    }

    var original = source.ToString();
    var lineCount = original.Count(c => c == '\n');
    var path = Path.Combine(folder, "big.py");
    File.WriteAllText(path, original);
    var workspace = new WorkspaceRoot(folder);

    var diff = new StringBuilder("--- a/big.py\n+++ b/big.py\n");
    foreach (var i in new[] { 10, 600, 1200, 1800, 2400 })
    {
        // Line numbers 40 lines off, as a model's often are.
        diff.Append(CultureInfo.InvariantCulture, $"@@ -{(i * 7) + 40},5 +{(i * 7) + 40},5 @@\n def function_{i}(value):\n     total = value * {i}\n-    if total > {i * 3}:\n+    if total >= {i * 3}:\n         return total - {i}\n     return total + {i}\n");
    }

    var blocks = new StringBuilder();
    foreach (var i in new[] { 5, 1500, 2495 })
    {
        blocks.Append(CultureInfo.InvariantCulture, $"big.py\n<<<<<<< SEARCH\n  total = value * {i}\n  if total > {i * 3}:\n=======\n  total = value * {i} + 1\n  if total > {i * 3}:\n>>>>>>> REPLACE\n");
    }

    var exactBlocks = blocks.ToString().Replace("\n  ", "\n    ", StringComparison.Ordinal);
    var missing = "big.py\n<<<<<<< SEARCH\ndef function_1234(value):\n    total = value * 1243\n    if total > 3702:\n=======\nx\n>>>>>>> REPLACE\n";

    Console.WriteLine($"file: {lineCount:N0} lines, {original.Length / 1024:N0} KiB");
    Measure("unified diff, 5 hunks, line numbers off (check only)", runs, () => Check(EditEngine.Apply(workspace, diff.ToString(), dryRun: true), true));
    Measure("unified diff, 5 hunks, written", runs, () =>
    {
        File.WriteAllText(path, original);
        Check(EditEngine.Apply(workspace, diff.ToString()), true);
    });
    Measure("SEARCH/REPLACE, 3 blocks exact (check only)", runs, () => Check(EditEngine.Apply(workspace, exactBlocks, dryRun: true), true));
    Measure("SEARCH/REPLACE, 3 blocks re-indented (check only)", runs, () => Check(EditEngine.Apply(workspace, blocks.ToString(), dryRun: true), true));
    Measure("SEARCH/REPLACE not found: closest lines quoted", runs, () => Check(EditEngine.Apply(workspace, missing, dryRun: true), false));

    Console.WriteLine();
    Console.WriteLine("SEARCH/REPLACE scaling (one run each; linear means the time doubles with the size):");
    foreach (var megabytes in new[] { 1, 2, 4 })
    {
        Scale(folder, megabytes);
    }

    var huge = new string('x', 100 * 1024 * 1024);
    Time("100 MB edit: refused for its size", () => Check(EditEngine.Apply(new WorkspaceRoot(folder), huge, dryRun: true), false));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

// Four shapes of a large edit: one block rewriting a whole file, the most blocks an edit may hold (each
// searched for in the whole file), a large block that is not found (the "did you mean" search), and a file
// of identical lines (the worst case of a naive matcher). Then an edit over the cap, refused unread.
static void Scale(string folder, int megabytes)
{
    // Just under the cap for the largest size, so that every shape is applied, not refused.
    var target = Math.Min(megabytes * 1024 * 1024, EditEngine.MaxEditBytes - 64 * 1024);
    var file = new StringBuilder();
    for (var i = 0; file.Length < target / 2 - 64; i++)
    {
        file.Append(CultureInfo.InvariantCulture, $"    value_{i} = compute({i}, {i * 7})\n");
    }

    var text = file.ToString();
    File.WriteAllText(Path.Combine(folder, "scale.py"), text);
    var workspace = new WorkspaceRoot(folder);
    var rewritten = text.Replace("compute(", "compute2(", StringComparison.Ordinal);
    var whole = $"scale.py\n<<<<<<< SEARCH\n{text}=======\n{rewritten}>>>>>>> REPLACE\n";
    Time($"{megabytes} MB edit: one block rewriting the whole file", () => Check(EditEngine.Apply(workspace, whole, dryRun: true), true));

    var lines = text.TrimEnd('\n').Split('\n');
    var per = Math.Max(1, lines.Length / EditEngine.MaxBlocks);
    var many = new StringBuilder();
    for (var b = 0; b < EditEngine.MaxBlocks && (b + 1) * per <= lines.Length; b++)
    {
        var chunk = string.Join('\n', lines.Skip(b * per).Take(per));
        many.Append(CultureInfo.InvariantCulture, $"scale.py\n<<<<<<< SEARCH\n{chunk}\n=======\n{chunk} # {b}\n>>>>>>> REPLACE\n");
    }

    Time($"{megabytes} MB edit: {EditEngine.MaxBlocks:N0} blocks of {per} lines", () => Check(EditEngine.Apply(workspace, many.ToString(), dryRun: true), true));

    var missing = $"scale.py\n<<<<<<< SEARCH\n{text.Replace("value_", "valu_", StringComparison.Ordinal)}=======\nx\n>>>>>>> REPLACE\n";
    Time($"{megabytes} MB edit: one block not found (closest lines)", () => Check(EditEngine.Apply(workspace, missing, dryRun: true), false));

    var same = string.Concat(Enumerable.Repeat("x = 1\n", target / 2 / 6));
    File.WriteAllText(Path.Combine(folder, "same.py"), same);
    var sameBlock = $"same.py\n<<<<<<< SEARCH\n{same[..(same.Length / 2)]}=======\ny\n>>>>>>> REPLACE\n";
    Time($"{megabytes} MB edit: half of a file of identical lines (ambiguous)", () => Check(EditEngine.Apply(workspace, sameBlock, dryRun: true), false));
}

static void Time(string name, Action action)
{
    var started = Stopwatch.GetTimestamp();
    action();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-75} {Stopwatch.GetElapsedTime(started).TotalSeconds,8:0.000} s"));
}

static void Check(EditReport report, bool expectApplied)
{
    if (report.Succeeded != expectApplied)
    {
        throw new InvalidOperationException(report.Describe());
    }
}

static void Measure(string name, int runs, Action action)
{
    for (var i = 0; i < Math.Max(3, runs / 10); i++)
    {
        action();
    }

    var samples = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(samples);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-55} median {samples[runs / 2],8:0.00} ms   p10 {samples[runs / 10],8:0.00}   p90 {samples[runs * 9 / 10],8:0.00}   ({runs} runs)"));
}
