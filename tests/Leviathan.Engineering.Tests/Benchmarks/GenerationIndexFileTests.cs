using System.Text.Json;
using Leviathan.Engineering.Generation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Benchmarks;

/// <summary>index.json is changed under a lock: writers that add entries at the same time (two bench create runs) lose none.</summary>
public sealed class GenerationIndexFileTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-index");

    [Fact]
    public async Task UpdateAsync_SixteenWritersAtOnce_EveryEntryIsInTheIndexWithItsOwnNumber()
    {
        var ids = Enumerable.Range(0, 16).Select(i => $"bench-{i:00}").ToList();

        await Task.WhenAll(ids.Select(id => Task.Run(() => GenerationIndexFile.UpdateAsync(_temp.Path, current => Append(current, id), TimeProvider.System, CancellationToken.None))));

        var index = Read();
        index.Candidates.Select(c => c.Id).Order(StringComparer.Ordinal).ShouldBe(ids);
        index.Candidates.Select(c => c.Index).Order().ShouldBe(Enumerable.Range(0, 16));
        index.Count.ShouldBe(16);
        Directory.GetFiles(_temp.Path, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public async Task UpdateAsync_LockHeldByAnotherWriter_WaitsForItThenAddsItsEntry()
    {
        await GenerationIndexFile.UpdateAsync(_temp.Path, current => Append(current, "first"), TimeProvider.System, CancellationToken.None);
        Task<GenerationIndex> waiting;
        using (new FileStream(Path.Combine(_temp.Path, GenerationIndexFile.LockFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            waiting = Task.Run(() => GenerationIndexFile.UpdateAsync(_temp.Path, current => Append(current, "second"), TimeProvider.System, CancellationToken.None));
            await Task.Yield();

            // The other writer holds the lock, so the update cannot have read, let alone written, the index.
            waiting.IsCompleted.ShouldBeFalse();
            Read().Candidates.Select(c => c.Id).ShouldBe(["first"]);
        }

        (await waiting).Candidates.Select(c => c.Id).ShouldBe(["first", "second"]);
        Read().Candidates.Select(c => c.Id).ShouldBe(["first", "second"]);
    }

    [Fact]
    public async Task UpdateAsync_IndexHoldsNull_SaysWhichFileIsWrong()
    {
        var indexFile = Path.Combine(_temp.Path, BenchmarkGenerator.IndexFile);
        await File.WriteAllTextAsync(indexFile, "null");

        var error = await Should.ThrowAsync<InvalidDataException>(() => GenerationIndexFile.UpdateAsync(_temp.Path, current => Append(current, "x"), TimeProvider.System, CancellationToken.None));

        error.Message.ShouldBe($"{indexFile} holds no index");
    }

    public void Dispose() => _temp.Dispose();

    private static GenerationIndex Append(GenerationIndex? current, string id)
    {
        var index = current ?? new GenerationIndex { Seed = 1, Count = 0, Families = [], Candidates = [] };
        var record = new CandidateRecord
        {
            Index = index.Candidates.Count == 0 ? 0 : index.Candidates.Max(c => c.Index) + 1,
            Id = id,
            Family = "team",
            Seed = 1,
            Kept = true,
            Detail = "added by a concurrent writer",
            Seconds = 0,
        };
        return index with { Count = index.Count + 1, Candidates = [.. index.Candidates, record] };
    }

    private GenerationIndex Read() =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(_temp.Path, BenchmarkGenerator.IndexFile)), GenerationJsonContext.Default.GenerationIndex).ShouldNotBeNull();
}
