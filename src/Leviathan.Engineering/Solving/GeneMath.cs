namespace Leviathan.Engineering.Solving;

/// <summary>The arithmetic the search space and its aimed guesses share when they turn genes into parts and draw them.</summary>
internal static class GeneMath
{
    /// <summary>The point a fraction <paramref name="t"/> of the way from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static double Lerp(double a, double b, double t) => a + ((b - a) * t);

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
