using System.Security.Cryptography;
using System.Text;
using Leviathan.Engineering.Processes;

namespace Leviathan.Engineering.Cad;

/// <summary>
/// Turns OpenSCAD programs into binary STL files through <see cref="IProcessRunner"/> (a sandbox by default).
/// Each run gets a fresh workspace holding copies of its inputs: the part file and every .scad/.stl file beside
/// it (what <c>include</c>, <c>use</c> and <c>import</c> can reach). Results are cached by a hash of those inputs.
/// </summary>
public sealed class OpenScadClient(CadOptions options, IProcessRunner runner)
{
    private const string CacheVersion = "openscad-binstl-2";
    private const string InputFolder = "in";

    public CadOptions Options => options;

    public string Isolation => runner.Isolation;

    /// <summary>Renders a part file. A failed render carries OpenSCAD's messages verbatim.</summary>
    public async Task<CadRender> RenderFileAsync(string scadPath, CancellationToken cancellationToken)
    {
        var inputs = PartInputs(scadPath);
        var key = await HashAsync(inputs, cancellationToken);
        return await RenderAsync(inputs, Path.GetFileName(scadPath), key, cancellationToken);
    }

    /// <summary>
    /// Renders generated OpenSCAD text (overlap checks). <paramref name="files"/> maps the names the text
    /// imports to the files to copy in under those names.
    /// </summary>
    public async Task<CadRender> RenderSourceAsync(string source, string name, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(options.CacheDirectory, "src");
        Directory.CreateDirectory(folder);
        var main = Path.Combine(folder, Hash(source) + ".scad");
        if (!File.Exists(main))
        {
            await File.WriteAllTextAsync(main, source, cancellationToken);
        }

        var inputs = new Inputs(main, [.. files.Select(f => (f.Key, f.Value))]);
        var key = await HashAsync(inputs, cancellationToken);
        return await RenderAsync(inputs, name, key, cancellationToken);
    }

    /// <summary>Writes a PNG preview through a virtual X server (xvfb-run).</summary>
    public async Task<CadRender> PreviewAsync(string scadPath, string pngPath, int width, int height, CancellationToken cancellationToken)
    {
        var inputs = PartInputs(scadPath);
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
        var folder = Path.Combine(options.CacheDirectory, "src");
        Directory.CreateDirectory(folder);
        var main = Path.Combine(folder, Hash(source) + ".scad");
        if (!File.Exists(main))
        {
            await File.WriteAllTextAsync(main, source, cancellationToken);
        }

        var inputs = new Inputs(main, [.. files.Select(f => (f.Key, f.Value))]);
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

    private async Task<CadRender> RenderAsync(Inputs inputs, string name, string key, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.CacheDirectory);
        var stl = Path.Combine(options.CacheDirectory, key + ".stl");
        var failure = Path.Combine(options.CacheDirectory, key + ".failed");
        if (File.Exists(stl))
        {
            return new CadRender(name, stl, [], FromCache: true);
        }

        if (File.Exists(failure))
        {
            var cached = OpenScadOutput.Parse(await File.ReadAllTextAsync(failure, cancellationToken), exitCode: 1, timedOut: false, options.Timeout);
            return new CadRender(name, null, cached, FromCache: true);
        }

        return await InWorkspaceAsync(inputs, async (work, main) =>
        {
            var request = new ProcessRequest(options.OpenScadPath, ["-o", "part.stl", "--export-format", "binstl", main], work, options.Timeout);
            var outcome = await runner.RunAsync(request, cancellationToken);
            var diagnostics = Rename(OpenScadOutput.Parse(outcome.Stderr, outcome.ExitCode, outcome.TimedOut, options.Timeout), main, name);
            var output = Path.Combine(work, "part.stl");
            if (diagnostics.Any(d => d.Severity == CadSeverity.Error) || !File.Exists(output))
            {
                if (!diagnostics.Any(d => d.Severity == CadSeverity.Error))
                {
                    diagnostics.Add(new CadDiagnostic(CadSeverity.Error, $"ERROR: OpenSCAD wrote no STL file (exit {outcome.ExitCode})", null));
                }

                if (!outcome.TimedOut)
                {
                    // Keep the renamed messages so a cached failure reads like a fresh one.
                    await File.WriteAllTextAsync(failure, string.Join("\n", diagnostics.Select(d => d.Message)), cancellationToken);
                }

                return new CadRender(name, null, diagnostics, FromCache: false);
            }

            File.Move(output, stl, overwrite: true);
            return new CadRender(name, stl, diagnostics, FromCache: false);
        });
    }

    /// <summary>
    /// Copies the inputs into a fresh private workspace in the system's temporary folder (never under the cache,
    /// which lives in the Leviathan home that the sandbox hides), runs, and removes the workspace.
    /// </summary>
    private async Task<CadRender> InWorkspaceAsync(Inputs inputs, Func<string, string, Task<CadRender>> run)
    {
        var work = Directory.CreateTempSubdirectory("leviathan-cad-").FullName;
        var input = Path.Combine(work, InputFolder);
        Directory.CreateDirectory(input);
        try
        {
            var main = $"{InputFolder}/{Path.GetFileName(inputs.Main)}";
            File.Copy(inputs.Main, Path.Combine(work, main));
            foreach (var (name, from) in inputs.Files)
            {
                File.Copy(from, Path.Combine(input, name), overwrite: true);
            }

            return await run(work, main);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Inputs PartInputs(string scadPath)
    {
        var main = Path.GetFullPath(scadPath);
        if (!File.Exists(main))
        {
            throw new FileNotFoundException($"part file not found: {main}", main);
        }

        var siblings = Directory.EnumerateFiles(Path.GetDirectoryName(main)!)
            .Where(f => f != main && (f.EndsWith(".scad", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".stl", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), f))
            .ToList();
        return new Inputs(main, siblings);
    }

    /// <summary>OpenSCAD names the copy in the workspace; messages should name what the caller called it.</summary>
    private static List<CadDiagnostic> Rename(List<CadDiagnostic> diagnostics, string main, string name) =>
        diagnostics.Select(d => d with { Message = d.Message.Replace(main, name, StringComparison.Ordinal) }).ToList();

    private static async Task<string> HashAsync(Inputs inputs, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{CacheVersion}\n{Path.GetFileName(inputs.Main)}\n"));
        sha.AppendData(await File.ReadAllBytesAsync(inputs.Main, cancellationToken));
        foreach (var (name, path) in inputs.Files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"\n{name}\n"));
            sha.AppendData(await File.ReadAllBytesAsync(path, cancellationToken));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record Inputs(string Main, IReadOnlyList<(string Name, string Path)> Files);
}
