using System.Security.Cryptography;
using System.Text;
using Leviathan.Engineering.Processes;

namespace Leviathan.Engineering.Cad;

/// <summary>
/// Turns OpenSCAD programs into binary STL files through <see cref="IProcessRunner"/>. Results are cached
/// by a hash of the program and of every .scad/.stl file beside it (what <c>include</c>/<c>use</c>/<c>import</c> can reach).
/// </summary>
public sealed class OpenScadClient(CadOptions options, IProcessRunner runner)
{
    private const string CacheVersion = "openscad-binstl-1";

    public CadOptions Options => options;

    public string Isolation => runner.Isolation;

    /// <summary>Renders a part file. A failed render carries OpenSCAD's messages verbatim.</summary>
    public async Task<CadRender> RenderFileAsync(string scadPath, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(scadPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"part file not found: {fullPath}", fullPath);
        }

        var key = await HashInputsAsync(fullPath, cancellationToken);
        return await RenderAsync(fullPath, Path.GetFileName(fullPath), key, cancellationToken);
    }

    /// <summary>Renders generated OpenSCAD text (overlap checks); files it imports must be named by absolute path.</summary>
    public async Task<CadRender> RenderSourceAsync(string source, string name, CancellationToken cancellationToken)
    {
        var key = Hash(CacheVersion + "\nsource\n" + source);
        var folder = Path.Combine(options.CacheDirectory, "src");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, key + ".scad");
        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path, source, cancellationToken);
        }

        return await RenderAsync(path, name, key, cancellationToken);
    }

    /// <summary>Writes a PNG preview through a virtual X server (xvfb-run).</summary>
    public async Task<CadRender> PreviewAsync(string scadPath, string pngPath, int width, int height, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(scadPath);
        var output = Path.GetFullPath(pngPath);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var request = new ProcessRequest(
            options.XvfbRunPath,
            ["-a", options.OpenScadPath, "-o", output, $"--imgsize={width},{height}", "--autocenter", "--viewall", "--colorscheme=Tomorrow", fullPath],
            Path.GetDirectoryName(fullPath)!,
            options.Timeout) { ReadablePaths = [Path.GetDirectoryName(output)!] };
        var outcome = await runner.RunAsync(request, cancellationToken);
        var diagnostics = OpenScadOutput.Parse(outcome.Stderr, outcome.ExitCode, outcome.TimedOut, options.Timeout);
        var ok = outcome.ExitCode == 0 && !outcome.TimedOut && File.Exists(output) && !diagnostics.Any(d => d.Severity == CadSeverity.Error);
        return new CadRender(Path.GetFileName(fullPath), ok ? output : null, diagnostics, FromCache: false);
    }

    private async Task<CadRender> RenderAsync(string scadPath, string name, string key, CancellationToken cancellationToken)
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
            return new CadRender(name, null, Rename(cached, scadPath, name), FromCache: true);
        }

        var work = Path.Combine(options.CacheDirectory, "tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var output = Path.Combine(work, "part.stl");
            var request = new ProcessRequest(
                options.OpenScadPath,
                ["-o", output, "--export-format", "binstl", scadPath],
                Path.GetDirectoryName(scadPath)!,
                options.Timeout) { ReadablePaths = [options.CacheDirectory] };
            var outcome = await runner.RunAsync(request, cancellationToken);
            var diagnostics = Rename(OpenScadOutput.Parse(outcome.Stderr, outcome.ExitCode, outcome.TimedOut, options.Timeout), scadPath, name);
            if (diagnostics.Any(d => d.Severity == CadSeverity.Error) || !File.Exists(output))
            {
                if (diagnostics.Count == 0)
                {
                    diagnostics.Add(new CadDiagnostic(CadSeverity.Error, "ERROR: OpenSCAD wrote no STL file", null));
                }

                if (!outcome.TimedOut)
                {
                    await File.WriteAllTextAsync(failure, outcome.Stderr, cancellationToken);
                }

                return new CadRender(name, null, diagnostics, FromCache: false);
            }

            File.Move(output, stl, overwrite: true);
            return new CadRender(name, stl, diagnostics, FromCache: false);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Generated programs live under a hash name; messages should name what the caller called them.</summary>
    private static List<CadDiagnostic> Rename(List<CadDiagnostic> diagnostics, string scadPath, string name) =>
        diagnostics.Select(d => d with
        {
            Message = d.Message.Replace(scadPath, name, StringComparison.Ordinal).Replace(Path.GetFileName(scadPath), name, StringComparison.Ordinal),
        }).ToList();

    private static async Task<string> HashInputsAsync(string scadPath, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder(CacheVersion).Append('\n').Append(Path.GetFileName(scadPath)).Append('\n');
        builder.Append(await File.ReadAllTextAsync(scadPath, cancellationToken));
        var folder = Path.GetDirectoryName(scadPath)!;
        var siblings = Directory.EnumerateFiles(folder)
            .Where(f => f != scadPath && (f.EndsWith(".scad", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".stl", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(builder.ToString()));
        foreach (var sibling in siblings)
        {
            sha.AppendData(Encoding.UTF8.GetBytes("\n" + Path.GetFileName(sibling) + "\n"));
            sha.AppendData(await File.ReadAllBytesAsync(sibling, cancellationToken));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
