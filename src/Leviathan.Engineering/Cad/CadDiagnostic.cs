namespace Leviathan.Engineering.Cad;

/// <summary>One OpenSCAD message, verbatim, with the line it names (when it names one).</summary>
public sealed record CadDiagnostic(CadSeverity Severity, string Message, int? Line);
