namespace Leviathan.Evaluation.SweBench;

/// <summary>What an import wrote, and which instances it could not express (with why).</summary>
/// <param name="SuiteDirectory">The pack folder.</param>
/// <param name="Imported">Task ids written.</param>
/// <param name="Skipped">Instance id and reason, for each instance left out.</param>
public sealed record SweBenchImportReport(string SuiteDirectory, IReadOnlyList<string> Imported, IReadOnlyList<(string InstanceId, string Reason)> Skipped);
