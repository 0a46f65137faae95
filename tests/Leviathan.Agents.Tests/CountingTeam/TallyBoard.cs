namespace Leviathan.Agents.Tests.CountingTeam;

/// <summary>What the counting team's tally tool has counted in one run.</summary>
internal sealed class TallyBoard
{
    private readonly List<int> _numbers = [];

    public IReadOnlyList<int> Numbers => _numbers;

    public void Add(int number) => _numbers.Add(number);

    public override string ToString() => _numbers.Count == 0 ? "(empty)" : string.Join(", ", _numbers);
}
