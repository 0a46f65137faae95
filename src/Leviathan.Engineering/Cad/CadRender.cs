namespace Leviathan.Engineering.Cad;

/// <summary>The outcome of rendering one OpenSCAD program: an STL path, or the errors that stopped it.</summary>
public sealed record CadRender(string Source, string? StlPath, IReadOnlyList<CadDiagnostic> Diagnostics, bool FromCache)
{
    public bool Succeeded => StlPath is not null;

    /// <summary>The program ran but produced nothing (an empty intersection, for example).</summary>
    public bool IsEmptyGeometry => !Succeeded && Errors.All(e => e.Message == OpenScadOutput.EmptyMessage) && Errors.Any();

    public IEnumerable<CadDiagnostic> Errors => Diagnostics.Where(d => d.Severity == CadSeverity.Error);

    /// <summary>"file.scad line 3: ERROR: Parser error: ..." lines for people and agents.</summary>
    public string Describe() => string.Join(
        Environment.NewLine,
        Diagnostics.Select(d => d.Line is { } line ? $"{Source} line {line}: {d.Message}" : $"{Source}: {d.Message}"));
}
