using System.Globalization;

namespace Leviathan.Engineering.Generation;

/// <summary>The difficulty levels a family's benchmarks can reach, <see cref="Min"/> to <see cref="Max"/> inclusive.</summary>
public readonly record struct LevelRange(int Min, int Max)
{
    public bool Contains(int level) => level >= Min && level <= Max;

    /// <summary>"1-5", or "3" when it is one level.</summary>
    public override string ToString() => Min == Max
        ? Min.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
}
