namespace Leviathan.Engineering.Costs;

/// <summary>Cost of one solution unit when <see cref="Quantity"/> units are made.</summary>
public sealed record CostBreakdown(int Quantity, IReadOnlyList<PartCost> Groups)
{
    public double UnitCost => Groups.Sum(g => g.PerUnit);

    public double OneOffTotal => Groups.Sum(g => g.OneOffCost);

    public double MaterialPerUnit => Groups.Sum(g => g.MaterialPerPiece * g.CopiesPerUnit);

    public double MachinePerUnit => Groups.Sum(g => g.MachinePerPiece * g.CopiesPerUnit);
}
