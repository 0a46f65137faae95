using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Leviathan.Simulation.Mjcf;

/// <summary>
/// Reads the MJCF subset of <see cref="MjcfModel"/> back from XML. Anything outside it (tendons, defaults,
/// sensors, unknown attributes) is rejected with the line, never silently dropped.
/// </summary>
public static class MjcfReader
{
    public static MjcfModel Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new MjcfFormatException($"not well-formed XML: {ex.Message}", ex.LineNumber);
        }

        var root = document.Root!;
        if (root.Name.LocalName != "mujoco")
        {
            throw new MjcfFormatException($"the root element is <{root.Name.LocalName}>, not <mujoco>", Line(root));
        }

        var attributes = new Attributes(root);
        var model = new MjcfModel { Name = attributes.String("model") ?? "leviathan" };
        attributes.Done();
        foreach (var element in root.Elements())
        {
            model = element.Name.LocalName switch
            {
                "compiler" => model with { Compiler = ReadCompiler(element) },
                "option" => model with { Option = ReadOption(element) },
                "asset" => ReadAssets(element, model),
                "worldbody" => model with { Worldbody = ReadBody(element, isWorld: true) },
                "actuator" => model with { Actuators = [.. element.Elements().Select(ReadActuator)] },
                _ => throw Unsupported(element),
            };
        }

        return model;
    }

    private static MjcfCompiler ReadCompiler(XElement element)
    {
        var a = new Attributes(element);
        var compiler = new MjcfCompiler { Angle = a.String("angle") ?? "degree", MeshDir = a.String("meshdir"), AutoLimits = a.Bool("autolimits") };
        a.Done();
        return compiler;
    }

    private static MjcfOption ReadOption(XElement element)
    {
        var a = new Attributes(element);
        var option = new MjcfOption
        {
            Timestep = a.Double("timestep"),
            Gravity = a.Vec("gravity"),
            Integrator = a.String("integrator"),
            Density = a.Double("density"),
            Viscosity = a.Double("viscosity"),
        };
        a.Done();
        return option;
    }

    private static MjcfModel ReadAssets(XElement element, MjcfModel model)
    {
        var meshes = model.Meshes.ToList();
        var materials = model.Materials.ToList();
        foreach (var child in element.Elements())
        {
            var a = new Attributes(child);
            switch (child.Name.LocalName)
            {
                case "mesh":
                    meshes.Add(new MjcfMesh(a.Required("name"), a.Required("file")) { Scale = a.Vec("scale") });
                    break;
                case "material":
                    materials.Add(new MjcfMaterial(a.Required("name"), a.Color("rgba") ?? new Rgba(1, 1, 1)));
                    break;
                default:
                    throw Unsupported(child);
            }

            a.Done();
        }

        return model with { Meshes = meshes, Materials = materials };
    }

    private static MjcfBody ReadBody(XElement element, bool isWorld)
    {
        var a = new Attributes(element);
        var joints = new List<MjcfJoint>();
        var geoms = new List<MjcfGeom>();
        var sites = new List<MjcfSite>();
        var bodies = new List<MjcfBody>();
        MjcfInertial? inertial = null;
        var body = isWorld
            ? new MjcfBody()
            : new MjcfBody { Name = a.String("name"), Pos = a.Vec("pos"), Quat = a.Quat("quat"), Mocap = a.Bool("mocap") ?? false };
        a.Done();
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "freejoint" when !isWorld:
                {
                    var c = new Attributes(child);
                    joints.Add(new MjcfJoint(c.String("name") ?? string.Empty, MjcfJointType.Free));
                    c.Done();
                    break;
                }

                case "joint" when !isWorld:
                    joints.Add(ReadJoint(child));
                    break;
                case "inertial" when !isWorld:
                    inertial = inertial is null ? ReadInertial(child) : throw new MjcfFormatException("a body has at most one <inertial>", Line(child));
                    break;
                case "geom":
                    geoms.Add(ReadGeom(child));
                    break;
                case "site":
                    sites.Add(ReadSite(child));
                    break;
                case "body":
                    bodies.Add(ReadBody(child, isWorld: false));
                    break;
                default:
                    throw Unsupported(child);
            }
        }

        return body with { Inertial = inertial, Joints = joints, Geoms = geoms, Sites = sites, Bodies = bodies };
    }

    private static MjcfInertial ReadInertial(XElement element)
    {
        var a = new Attributes(element);
        var inertial = new MjcfInertial(
            a.Double("mass") ?? throw new MjcfFormatException("<inertial> needs the attribute 'mass'", Line(element)),
            a.Vec("pos") ?? throw new MjcfFormatException("<inertial> needs the attribute 'pos'", Line(element)))
        {
            Quat = a.Quat("quat"),
            DiagInertia = a.Vec("diaginertia"),
            FullInertia = a.List("fullinertia", 6),
        };
        a.Done();
        try
        {
            inertial.Check();
        }
        catch (ArgumentException ex)
        {
            throw new MjcfFormatException(ex.Message.Split(" (Parameter", 2)[0], Line(element));
        }

        return inertial;
    }

    private static MjcfJoint ReadJoint(XElement element)
    {
        var a = new Attributes(element);
        var limited = a.Bool("limited");
        var range = a.Range("range");
        var joint = new MjcfJoint(a.Required("name"), a.Enum<MjcfJointType>("type") ?? MjcfJointType.Hinge)
        {
            Pos = a.Vec("pos"),
            Axis = a.Vec("axis"),
            Range = limited == false ? null : range,
            Damping = a.Double("damping"),
            Stiffness = a.Double("stiffness"),
            Armature = a.Double("armature"),
            FrictionLoss = a.Double("frictionloss"),
        };
        a.Done();
        return joint;
    }

    private static MjcfGeom ReadGeom(XElement element)
    {
        var a = new Attributes(element);
        var geom = new MjcfGeom(a.Enum<MjcfGeomType>("type") ?? MjcfGeomType.Sphere)
        {
            Name = a.String("name"),
            Size = a.List("size"),
            Pos = a.Vec("pos"),
            Quat = a.Quat("quat"),
            FromTo = a.List("fromto"),
            Mesh = a.String("mesh"),
            Material = a.String("material"),
            Color = a.Color("rgba"),
            Mass = a.Double("mass"),
            Density = a.Double("density"),
            Friction = a.List("friction"),
            Contype = a.Int("contype"),
            Conaffinity = a.Int("conaffinity"),
            Condim = a.Int("condim"),
        };
        a.Done();
        return geom;
    }

    private static MjcfSite ReadSite(XElement element)
    {
        var a = new Attributes(element);
        var site = new MjcfSite(a.Required("name"))
        {
            Type = a.Enum<MjcfGeomType>("type") ?? MjcfGeomType.Sphere,
            Size = a.List("size"),
            Pos = a.Vec("pos"),
            Quat = a.Quat("quat"),
            Color = a.Color("rgba"),
        };
        a.Done();
        return site;
    }

    private static MjcfActuator ReadActuator(XElement element)
    {
        var kind = element.Name.LocalName switch
        {
            "motor" => MjcfActuatorKind.Motor,
            "position" => MjcfActuatorKind.Position,
            "velocity" => MjcfActuatorKind.Velocity,
            _ => throw Unsupported(element),
        };
        var a = new Attributes(element);
        var ctrlLimited = a.Bool("ctrllimited");
        var forceLimited = a.Bool("forcelimited");
        var ctrlRange = a.Range("ctrlrange");
        var forceRange = a.Range("forcerange");
        var actuator = new MjcfActuator(kind, a.Required("name"), a.Required("joint"))
        {
            Gear = a.Double("gear"),
            CtrlRange = ctrlLimited == false ? null : ctrlRange,
            ForceRange = forceLimited == false ? null : forceRange,
            Kp = a.Double("kp"),
            Kv = a.Double("kv"),
        };
        a.Done();
        return actuator;
    }

    private static MjcfFormatException Unsupported(XElement element) =>
        new($"<{element.Name.LocalName}> inside <{element.Parent?.Name.LocalName}> is not part of Leviathan's MJCF object model", Line(element));

    private static int? Line(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    /// <summary>Reads attributes of one element and fails on any it did not consume.</summary>
    private sealed class Attributes(XElement element)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public string? String(string name)
        {
            _used.Add(name);
            return (string?)element.Attribute(name);
        }

        public string Required(string name) =>
            String(name) ?? throw new MjcfFormatException($"<{element.Name.LocalName}> needs the attribute '{name}'", Line(element));

        public double? Double(string name) => List(name, 1)?[0];

        public int? Int(string name)
        {
            var text = String(name);
            return text is null ? null
                : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
                : throw Bad(name, text, "a whole number");
        }

        public bool? Bool(string name) => String(name) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var text => throw Bad(name, text, "true or false"),
        };

        public T? Enum<T>(string name)
            where T : struct, Enum
        {
            var text = String(name);
            return text is null ? null
                : System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && text == text.ToLowerInvariant() ? value
                : throw Bad(name, text, string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant())));
        }

        public Vec3? Vec(string name) => List(name, 3) is { } v ? new Vec3(v[0], v[1], v[2]) : null;

        public Quat? Quat(string name) => List(name, 4) is { } v ? new Quat(v[0], v[1], v[2], v[3]) : null;

        public Rgba? Color(string name) => List(name, 4) is { } v ? new Rgba(v[0], v[1], v[2], v[3]) : null;

        public MjcfRange? Range(string name) => List(name, 2) is { } v ? new MjcfRange(v[0], v[1]) : null;

        public IReadOnlyList<double>? List(string name, int? count = null)
        {
            var text = String(name);
            if (text is null)
            {
                return null;
            }

            var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var values = new double[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw Bad(name, text, "numbers");
                }
            }

            return count is { } n && values.Length != n ? throw Bad(name, text, $"{n} numbers") : values;
        }

        public void Done()
        {
            foreach (var attribute in element.Attributes())
            {
                if (!_used.Contains(attribute.Name.LocalName))
                {
                    throw new MjcfFormatException(
                        $"attribute '{attribute.Name.LocalName}' of <{element.Name.LocalName}> is not part of Leviathan's MJCF object model",
                        Line(element));
                }
            }
        }

        private MjcfFormatException Bad(string name, string text, string expected) =>
            new($"attribute '{name}' of <{element.Name.LocalName}> is '{text}', expected {expected}", Line(element));
    }
}
