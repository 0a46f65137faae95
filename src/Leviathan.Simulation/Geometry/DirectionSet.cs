namespace Leviathan.Simulation.Geometry;

/// <summary>Unit directions collected once each: a direction and its opposite count as one, near-equal ones merge.</summary>
internal sealed class DirectionSet
{
    private const double Grid = 1e7;
    private readonly HashSet<(long, long, long)> _seen = [];
    private readonly List<double> _values = [];

    /// <summary>Adds the direction of (x, y, z); a (near) zero vector is ignored.</summary>
    public void Add(double x, double y, double z)
    {
        var length = Math.Sqrt((x * x) + (y * y) + (z * z));
        if (length < 1e-12)
        {
            return;
        }

        x /= length;
        y /= length;
        z /= length;

        // One sign per line: the first clearly non-zero component is made positive.
        var flip = Math.Abs(x) > 1e-9 ? x < 0 : Math.Abs(y) > 1e-9 ? y < 0 : z < 0;
        if (flip)
        {
            x = -x;
            y = -y;
            z = -z;
        }

        if (_seen.Add(((long)Math.Round(x * Grid), (long)Math.Round(y * Grid), (long)Math.Round(z * Grid))))
        {
            _values.Add(x);
            _values.Add(y);
            _values.Add(z);
        }
    }

    public double[] ToArray() => [.. _values];
}
