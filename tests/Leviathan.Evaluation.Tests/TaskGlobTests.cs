using Leviathan.Evaluation.Running;

namespace Leviathan.Evaluation.Tests;

public sealed class TaskGlobTests
{
    [Theory]
    [InlineData("csv-*", "csv-import-bom", true)]
    [InlineData("csv-*", "pagination-last-page", false)]
    [InlineData("pagination-last-page, csv-import-bom", "csv-import-bom", true)]
    [InlineData("*-page", "pagination-last-page", true)]
    [InlineData("CSV-*", "csv-import-bom", false)]
    [InlineData("csv", "csv-import-bom", false)]
    [InlineData(null, "anything", true)]
    public void Matches_CommaSeparatedGlobs_SelectTheTasksAUserNames(string? globs, string id, bool expected) =>
        TaskGlob.Matches(globs, id).ShouldBe(expected);
}
