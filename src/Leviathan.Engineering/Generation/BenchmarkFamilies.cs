namespace Leviathan.Engineering.Generation;

/// <summary>The generator's families by name.</summary>
public static class BenchmarkFamilies
{
    public static IReadOnlyList<IBenchmarkFamily> All { get; } = [new DropFamily(), new GapFamily(), new LiftFamily(), new PushFamily(), new FlipFamily(), new RelayFamily(), new ConveyorFamily(), new GateFamily(), new ChuteFamily(), new SortingFamily()];

    public static string Names => string.Join(", ", All.Select(f => f.Name));

    public static IBenchmarkFamily? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
