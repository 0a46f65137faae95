using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Leviathan.Engineering.Processes;

namespace Leviathan.Engineering.Cad;

/// <summary>
/// Turns OpenSCAD programs into binary STL files through <see cref="IProcessRunner"/> (a sandbox by default).
/// Each run gets a fresh workspace holding copies of its inputs: the part file and, when its text can reach other
/// files (<c>include</c>, <c>use</c>, <c>import</c>, <c>surface</c>), every .scad/.stl file beside it.
/// Renders are cached (<see cref="RenderCache"/>) by a content key of exactly those inputs and the OpenSCAD version,
/// so the same program renders once however many parts, candidates or workers ask for it; concurrent requests for
/// one key in a process share one render.
/// </summary>
public sealed class OpenScadClient(CadOptions options, IProcessRunner runner)
{
    private const string CacheVersion = "leviathan-render-3";
    private const string InputFolder = "in";

    /// <summary>The name a part that reads no other file has in its workspace: its key does not depend on its file name.</summary>
    private const string AloneName = "part.scad";

    /// <summary>Words with which OpenSCAD code reads another file; text without any of them reads only itself.</summary>
    private static readonly string[] FileReaders = ["include", "use", "import", "surface"];

    /// <summary>Renders in progress in this process, by cached STL path.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<RawRender>>> InFlight = new(StringComparer.Ordinal);

    private readonly RenderCache _cache = new(options.CacheDirectory, options.MaxCacheBytes, options.Time);

    public CadOptions Options => options;

    public string Isolation => runner.Isolation;

    /// <summary>Renders a part file. A failed render carries OpenSCAD's messages verbatim.</summary>
    public async Task<CadRender> RenderFileAsync(string scadPath, CancellationToken cancellationToken)
    {
        var inputs = await PartInputsAsync(scadPath, cancellationToken);
        return await RenderAsync(inputs, Path.GetFileName(scadPath), cancellationToken);
    }

    /// <summary>
    /// Renders generated OpenSCAD text (overlap checks). <paramref name="files"/> maps the names the text
    /// imports to the files to copy in under those names.
    /// </summary>
    public async Task<CadRender> RenderSourceAsync(string source, string name, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var inputs = new Inputs(Encoding.UTF8.GetBytes(source), files.Count == 0 ? AloneName : "source.scad", [.. files.Select(f => (f.Key, f.Value))]);
        return await RenderAsync(inputs, name, cancellationToken);
    }

    /// <summary>Writes a PNG preview through a virtual X server (xvfb-run).</summary>
    public async Task<CadRender> PreviewAsync(string scadPath, string pngPath, int width, int height, CancellationToken cancellationToken)
    {
        var inputs = await PartInputsAsync(scadPath, cancellationToken);
        var name = Path.GetFileName(scadPath);
        var output = Path.GetFullPath(pngPath);
        return await InWorkspaceAsync(inputs, async (work, main) =>
        {
            return await PreviewInAsync(work, main, name, output, [$"--imgsize={width},{height}", "--autocenter", "--viewall", "--colorscheme=Tomorrow"], cancellationToken);
        });
    }

    /// <summary>
    /// Writes a PNG preview of generated OpenSCAD text (a scene of placed parts) through xvfb-run, with extra
    /// OpenSCAD arguments such as <c>--camera</c> and <c>--projection</c>. <paramref name="files"/> maps the names
    /// the text imports to the files to copy in under those names.
    /// </summary>
    public async Task<CadRender> PreviewSourceAsync(
        string source,
        string name,
        IReadOnlyDictionary<string, string> files,
        string pngPath,
        int width,
        int height,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(arguments);
        var inputs = new Inputs(Encoding.UTF8.GetBytes(source), "source.scad", [.. files.Select(f => (f.Key, f.Value))]);
        var output = Path.GetFullPath(pngPath);
        return await InWorkspaceAsync(inputs, async (work, mainFile) =>
        {
            return await PreviewInAsync(work, mainFile, name, output, [$"--imgsize={width},{height}", "--colorscheme=Tomorrow", .. arguments], cancellationToken);
        });
    }

    /// <summary>Runs OpenSCAD under xvfb-run in <paramref name="work"/> to write <c>preview.png</c>, then moves it to <paramref name="output"/>.</summary>
    private async Task<CadRender> PreviewInAsync(string work, string main, string name, string output, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var request = new ProcessRequest(options.XvfbRunPath, ["-a", options.OpenScadPath, "-o", "preview.png", .. arguments, main], work, options.Timeout);
        var outcome = await runner.RunAsync(request, cancellationToken);
        var diagnostics = Rename(OpenScadOutput.Parse(outcome.Stderr, outcome.ExitCode, outcome.TimedOut, options.Timeout), main, name);
        var png = Path.Combine(work, "preview.png");
        if (diagnostics.Any(d => d.Severity == CadSeverity.Error) || !File.Exists(png))
        {
            if (!diagnostics.Any(d => d.Severity == CadSeverity.Error))
            {
                diagnostics.Add(new CadDiagnostic(CadSeverity.Error, $"ERROR: no preview was written (exit {outcome.ExitCode}): {outcome.Stderr.Trim()}", null));
            }

            return new CadRender(name, null, diagnostics, FromCache: false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.Move(png, output, overwrite: true);
        return new CadRender(name, output, diagnostics, FromCache: false);
    }

    private async Task<CadRender> RenderAsync(Inputs inputs, string name, CancellationToken cancellationToken)
    {
        var version = await OpenScadVersion.GetAsync(options, runner, cancellationToken);
        if (version is null)
        {
            // OpenSCAD could not say its version: render uncached; the render reports what is wrong with it.
            return Named(await InWorkspaceAsync(inputs, (work, main) => RunAsync(work, main, null, cancellationToken)), inputs, name);
        }

        var key = await HashAsync(inputs, version, cancellationToken);
        if (_cache.TryGet(key) is { } hit)
        {
            return Named(Cached(hit), inputs, name);
        }

        var stl = _cache.StlPath(key);
        var shared = InFlight.GetOrAdd(stl, _ => new Lazy<Task<RawRender>>(() => RenderOnceAsync(inputs, key)));
        var render = shared.Value;
        _ = render.ContinueWith(_ => InFlight.TryRemove(new KeyValuePair<string, Lazy<Task<RawRender>>>(stl, shared)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Named(await render.WaitAsync(cancellationToken), inputs, name);
    }

    /// <summary>
    /// One render for everyone asking for <paramref name="key"/>: not cancelled by any one caller (the process
    /// runner's timeout bounds it), checked against the cache again in case another process just made it.
    /// </summary>
    private async Task<RawRender> RenderOnceAsync(Inputs inputs, string key)
    {
        await Task.Yield();
        if (_cache.TryGet(key) is { } hit)
        {
            return Cached(hit);
        }

        return await InWorkspaceAsync(inputs, (work, main) => RunAsync(work, main, key, CancellationToken.None));
    }

    private async Task<RawRender> RunAsync(string work, string main, string? key, CancellationToken cancellationToken)
    {
        var request = new ProcessRequest(options.OpenScadPath, ["-o", "part.stl", "--export-format", "binstl", main], work, options.Timeout);
        var outcome = await runner.RunAsync(request, cancellationToken);
        var diagnostics = OpenScadOutput.Parse(outcome.Stderr, outcome.ExitCode, outcome.TimedOut, options.Timeout);
        var output = Path.Combine(work, "part.stl");
        if (diagnostics.Any(d => d.Severity == CadSeverity.Error) || !File.Exists(output))
        {
            if (!diagnostics.Any(d => d.Severity == CadSeverity.Error))
            {
                diagnostics.Add(new CadDiagnostic(CadSeverity.Error, $"ERROR: OpenSCAD wrote no STL file (exit {outcome.ExitCode})", null));
            }

            if (key is not null && !outcome.TimedOut)
            {
                // OpenSCAD's own words (naming the workspace copy), renamed for each caller when read back.
                _cache.PutFailure(key, string.Join("\n", diagnostics.Select(d => d.Message)));
            }

            return new RawRender(null, diagnostics, FromCache: false);
        }

        if (key is null)
        {
            var kept = Path.Combine(Directory.CreateTempSubdirectory("leviathan-cad-uncached-").FullName, "part.stl");
            File.Move(output, kept);
            return new RawRender(kept, diagnostics, FromCache: false);
        }

        return new RawRender(_cache.PutStl(key, output), diagnostics, FromCache: false);
    }

    private RawRender Cached((string? Stl, string? Failure) hit) => hit.Stl is { } stl
        ? new RawRender(stl, [], FromCache: true)
        : new RawRender(null, OpenScadOutput.Parse(hit.Failure!, exitCode: 1, timedOut: false, options.Timeout), FromCache: true);

    /// <summary>OpenSCAD names the copy in the workspace; messages should name what the caller called it.</summary>
    private static List<CadDiagnostic> Rename(List<CadDiagnostic> diagnostics, string main, string name) =>
        diagnostics.Select(d => d with { Message = d.Message.Replace(main, name, StringComparison.Ordinal) }).ToList();

    private static CadRender Named(RawRender raw, Inputs inputs, string name)
    {
        return new CadRender(name, raw.StlPath, Rename(raw.Diagnostics, $"{InputFolder}/{inputs.MainName}", name), raw.FromCache);
    }

    /// <summary>
    /// Copies the inputs into a fresh private workspace in the system's temporary folder (never under the cache,
    /// which lives in the Leviathan home that the sandbox hides), runs, and removes the workspace.
    /// </summary>
    private static async Task<T> InWorkspaceAsync<T>(Inputs inputs, Func<string, string, Task<T>> run)
    {
        var work = Directory.CreateTempSubdirectory("leviathan-cad-").FullName;
        var input = Path.Combine(work, InputFolder);
        Directory.CreateDirectory(input);
        try
        {
            var main = $"{InputFolder}/{inputs.MainName}";
            foreach (var (name, from) in inputs.Files)
            {
                File.Copy(from, Path.Combine(input, name), overwrite: true);
            }

            await File.WriteAllBytesAsync(Path.Combine(work, main), inputs.Main);

            return await run(work, main);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<Inputs> PartInputsAsync(string scadPath, CancellationToken cancellationToken)
    {
        var main = Path.GetFullPath(scadPath);
        if (!File.Exists(main))
        {
            throw new FileNotFoundException($"part file not found: {main}", main);
        }

        var text = await File.ReadAllBytesAsync(main, cancellationToken);
        var source = Encoding.UTF8.GetString(text);
        if (!FileReaders.Any(w => source.Contains(w, StringComparison.Ordinal)))
        {
            return new Inputs(text, AloneName, []);
        }

        var siblings = Directory.EnumerateFiles(Path.GetDirectoryName(main)!)
            .Where(f => f != main && (f.EndsWith(".scad", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".stl", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), f))
            .ToList();
        return new Inputs(text, Path.GetFileName(main), siblings);
    }

    /// <summary>The cache key: SHA-256 of the key format, the OpenSCAD version, the main file's name and text, and every copied file's name and bytes.</summary>
    private static async Task<string> HashAsync(Inputs inputs, string version, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{CacheVersion}\n{version}\n{inputs.MainName}\n{inputs.Main.Length}\n"));
        sha.AppendData(inputs.Main);
        foreach (var (name, path) in inputs.Files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            sha.AppendData(Encoding.UTF8.GetBytes($"\n{name}\n{bytes.Length}\n"));
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A render before it is named for its caller: diagnostics name the workspace copy of the main file.</summary>
    private sealed record RawRender(string? StlPath, List<CadDiagnostic> Diagnostics, bool FromCache);

    /// <summary>The main file's bytes and its name in the workspace, and the files copied in beside it.</summary>
    private sealed record Inputs(byte[] Main, string MainName, IReadOnlyList<(string Name, string Path)> Files);
}
