using System.Globalization;
using System.Xml.Linq;
using Leviathan.Simulation.Running;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// Contact and constraint buffers sized to a screening scene. MuJoCo 2.2.2 gives a model without a <c>size</c> element
/// room for 100 contacts and 500 constraint rows, and every compile and every <c>mj_makeData</c> clears that mjData
/// (about 3.2 MB, a 500 × 500 matrix among it; three times per screening run), which cost more than a tenth of a lift
/// run's compile-and-step time. The buffers are capacities only: as long as neither fills, MuJoCo computes exactly what
/// it computes with the defaults. When one fills, MuJoCo warns (and drops contacts), and the run is repeated with the
/// default sizes (<see cref="SimulationResult.BuffersFilled"/>), so results are the defaults' in every case.
/// </summary>
internal static class ScreeningBuffers
{
    /// <summary>Contacts allowed per colliding geom (a box on a box makes up to 8; spheres and meshes 1 per pair).</summary>
    internal const int ContactsPerGeom = 8;

    /// <summary>Constraint rows per contact: condim 3 with MuJoCo's default pyramidal friction cone.</summary>
    private const int RowsPerContact = 4;

    /// <summary>Constraint rows per joint (a limit, friction loss) and some to spare.</summary>
    private const int RowsPerJoint = 4;

    /// <summary>
    /// The scene's MJCF text with a <c>size</c> element: room for <paramref name="contacts"/> contacts and the constraint
    /// rows they and the scene's joints can need.
    /// </summary>
    public static string Sized(XDocument scene, int contacts)
    {
        var root = scene.Root ?? throw new ArgumentException("the scene has no root element", nameof(scene));
        if (root.Element("size") is not null)
        {
            return scene.ToString();
        }

        var joints = root.Descendants("joint").Count() + root.Descendants("freejoint").Count();
        var rows = (RowsPerContact * contacts) + (RowsPerJoint * joints);
        var size = new XElement(
            "size",
            new XAttribute("njmax", rows.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("nconmax", contacts.ToString(CultureInfo.InvariantCulture)));
        root.AddFirst(size);
        try
        {
            return scene.ToString();
        }
        finally
        {
            size.Remove(); // the caller's scene stays as it was, for a rerun with the default sizes
        }
    }

    /// <summary>The contact capacity of a scene: <see cref="ContactsPerGeom"/> for each geom that collides.</summary>
    public static int Contacts(XDocument scene)
    {
        var colliding = scene.Descendants("geom").Count(g => !((string?)g.Attribute("contype") == "0" && (string?)g.Attribute("conaffinity") == "0"));
        return ContactsPerGeom * Math.Max(2, colliding);
    }
}
