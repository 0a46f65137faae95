using System.Text.RegularExpressions;

namespace Leviathan.Engineering.Cad;

/// <summary>Reads OpenSCAD's console output into diagnostics.</summary>
internal static partial class OpenScadOutput
{
    /// <summary>Warnings that mean the part is not what its author wrote; they fail the render.</summary>
    private static readonly string[] FatalWarnings = ["Ignoring unknown", "Can't open", "undefined operation", "Unable to convert"];

    public const string EmptyMessage = "ERROR: the program produces no 3D geometry (top level object is empty)";

    public static List<CadDiagnostic> Parse(string stderr, int exitCode, bool timedOut, TimeSpan timeout)
    {
        var diagnostics = new List<CadDiagnostic>();
        var lines = stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            if (line.StartsWith("ERROR:", StringComparison.Ordinal))
            {
                diagnostics.Add(new CadDiagnostic(CadSeverity.Error, line, LineOf(line)));
            }
            else if (line.StartsWith("WARNING:", StringComparison.Ordinal))
            {
                var fatal = FatalWarnings.Any(w => line.Contains(w, StringComparison.Ordinal));
                diagnostics.Add(new CadDiagnostic(fatal ? CadSeverity.Error : CadSeverity.Warning, line, LineOf(line)));
            }
            else if (line.StartsWith("Current top level object is empty", StringComparison.Ordinal))
            {
                diagnostics.Add(new CadDiagnostic(CadSeverity.Error, EmptyMessage, null));
            }
            else if (line.Contains("top level object is not a 3D object", StringComparison.OrdinalIgnoreCase) ||
                     line.Contains("Top level object is a 2D object", StringComparison.Ordinal))
            {
                diagnostics.Add(new CadDiagnostic(CadSeverity.Error, "ERROR: the program produces 2D geometry; a part must be a 3D solid (use linear_extrude)", null));
            }
        }

        if (timedOut)
        {
            diagnostics.Add(new CadDiagnostic(CadSeverity.Error, $"ERROR: OpenSCAD did not finish within {timeout.TotalSeconds:0} s; simplify the part (fewer facets, fewer boolean operations)", null));
        }
        else if (exitCode != 0 && !diagnostics.Any(d => d.Severity == CadSeverity.Error))
        {
            var tail = string.Join(" | ", lines.TakeLast(3));
            diagnostics.Add(new CadDiagnostic(CadSeverity.Error, $"ERROR: OpenSCAD exited with code {exitCode}: {tail}", LineOf(tail)));
        }

        return diagnostics;
    }

    private static int? LineOf(string text)
    {
        var match = LinePattern().Match(text);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"line (\d+)")]
    private static partial Regex LinePattern();
}
