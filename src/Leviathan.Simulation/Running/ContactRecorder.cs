using Leviathan.Simulation.Engine;
using Leviathan.Simulation.Native;

namespace Leviathan.Simulation.Running;

/// <summary>
/// Collects, at each trajectory sample, the active contacts (penetrating or touching) of chosen bodies with
/// other geoms, merged into one <see cref="ContactSpan"/> per pair.
/// </summary>
internal sealed class ContactRecorder(MujocoModel model, int[] bodies)
{
    // MuJoCo keeps contacts within the geoms' margin; only those at or below zero distance are touching.
    private const double TouchDistance = 1e-4;

    private readonly Dictionary<(int Body, int Geom), Span> _spans = [];
    private readonly List<(int Body, int Geom)> _order = [];

    public void Record(double time)
    {
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < model.ContactCount; i++)
        {
            var (dist, g1, g2, exclude) = model.Contact(i);
            if (exclude != 0 || dist > TouchDistance)
            {
                continue;
            }

            var b1 = model.GeomBody(g1);
            var b2 = model.GeomBody(g2);
            foreach (var (body, other) in new[] { (b1, g2), (b2, g1) })
            {
                if (Array.IndexOf(bodies, body) < 0 || model.GeomBody(other) == body || !seen.Add((body, other)))
                {
                    continue;
                }

                if (_spans.TryGetValue((body, other), out var span))
                {
                    span.Last = time;
                    span.Samples++;
                }
                else
                {
                    _spans[(body, other)] = new Span { First = time, Last = time, Samples = 1 };
                    _order.Add((body, other));
                }
            }
        }
    }

    public IReadOnlyList<ContactSpan> Results() =>
        [.. _order.Select(key =>
        {
            var span = _spans[key];
            return new ContactSpan
            {
                Body = model.Name(MujocoNative.ObjBody, key.Body) ?? $"#{key.Body}",
                Other = GeomName(key.Geom),
                First = Math.Round(span.First, 12),
                Last = Math.Round(span.Last, 12),
                Samples = span.Samples,
            };
        })];

    private string GeomName(int geom)
    {
        if (model.Name(MujocoNative.ObjGeom, geom) is { } name)
        {
            return name;
        }

        var body = model.GeomBody(geom);
        return $"#{geom} of body '{model.Name(MujocoNative.ObjBody, body) ?? (body == 0 ? "world" : "#" + body)}'";
    }

    private sealed class Span
    {
        public double First { get; init; }

        public double Last { get; set; }

        public int Samples { get; set; }
    }
}
