using System.Globalization;
using System.Xml.Linq;

namespace Leviathan.Simulation.Mjcf;

/// <summary>Serializes an <see cref="MjcfModel"/> to MJCF XML that MuJoCo 2.2.2 accepts.</summary>
public static class MjcfWriter
{
    public static string ToXml(MjcfModel model) => ToDocument(model).ToString();

    public static XDocument ToDocument(MjcfModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var root = new XElement("mujoco", new XAttribute("model", model.Name));
        if (model.Compiler is { } compiler)
        {
            root.Add(Element(
                "compiler",
                ("angle", compiler.Angle),
                ("meshdir", compiler.MeshDir),
                ("autolimits", compiler.AutoLimits is { } auto ? Bool(auto) : null)));
        }

        if (model.Option is { } option)
        {
            root.Add(Element(
                "option",
                ("timestep", Num(option.Timestep)),
                ("gravity", Vec(option.Gravity)),
                ("integrator", option.Integrator),
                ("density", Num(option.Density)),
                ("viscosity", Num(option.Viscosity))));
        }

        if (model.Meshes.Count > 0 || model.Materials.Count > 0)
        {
            var asset = new XElement("asset");
            foreach (var mesh in model.Meshes)
            {
                asset.Add(Element("mesh", ("name", mesh.Name), ("file", mesh.File), ("scale", Vec(mesh.Scale))));
            }

            foreach (var material in model.Materials)
            {
                asset.Add(Element("material", ("name", material.Name), ("rgba", Color(material.Color))));
            }

            root.Add(asset);
        }

        var world = new XElement("worldbody");
        AddContents(world, model.Worldbody);
        root.Add(world);

        if (model.Actuators.Count > 0)
        {
            var actuators = new XElement("actuator");
            foreach (var actuator in model.Actuators)
            {
                actuators.Add(Element(
                    actuator.Kind.ToString().ToLowerInvariant(),
                    ("name", actuator.Name),
                    ("joint", actuator.Joint),
                    ("gear", Num(actuator.Gear)),
                    ("ctrllimited", actuator.CtrlRange is null ? null : "true"),
                    ("ctrlrange", Range(actuator.CtrlRange)),
                    ("forcelimited", actuator.ForceRange is null ? null : "true"),
                    ("forcerange", Range(actuator.ForceRange)),
                    ("kp", Num(actuator.Kp)),
                    ("kv", Num(actuator.Kv))));
            }

            root.Add(actuators);
        }

        return new XDocument(root);
    }

    private static void AddContents(XElement element, MjcfBody body)
    {
        if (body.Inertial is { } inertial)
        {
            inertial.Check();
            element.Add(Element(
                "inertial",
                ("pos", Vec(inertial.Pos)),
                ("quat", Quaternion(inertial.Quat)),
                ("mass", Num(inertial.Mass)),
                ("diaginertia", Vec(inertial.DiagInertia)),
                ("fullinertia", List(inertial.FullInertia))));
        }

        foreach (var joint in body.Joints)
        {
            element.Add(joint.Type == MjcfJointType.Free
                ? Element("freejoint", ("name", joint.Name.Length > 0 ? joint.Name : null))
                : Element(
                    "joint",
                    ("name", joint.Name),
                    ("type", joint.Type.ToString().ToLowerInvariant()),
                    ("pos", Vec(joint.Pos)),
                    ("axis", Vec(joint.Axis)),
                    ("limited", joint.Range is null ? null : "true"),
                    ("range", Range(joint.Range)),
                    ("damping", Num(joint.Damping)),
                    ("stiffness", Num(joint.Stiffness)),
                    ("armature", Num(joint.Armature)),
                    ("frictionloss", Num(joint.FrictionLoss))));
        }

        foreach (var geom in body.Geoms)
        {
            element.Add(Element(
                "geom",
                ("name", geom.Name),
                ("type", geom.Type.ToString().ToLowerInvariant()),
                ("size", List(geom.Size)),
                ("pos", Vec(geom.Pos)),
                ("quat", Quaternion(geom.Quat)),
                ("fromto", List(geom.FromTo)),
                ("mesh", geom.Mesh),
                ("material", geom.Material),
                ("rgba", Color(geom.Color)),
                ("mass", Num(geom.Mass)),
                ("density", Num(geom.Density)),
                ("friction", List(geom.Friction)),
                ("contype", Int(geom.Contype)),
                ("conaffinity", Int(geom.Conaffinity)),
                ("condim", Int(geom.Condim))));
        }

        foreach (var site in body.Sites)
        {
            element.Add(Element(
                "site",
                ("name", site.Name),
                ("type", site.Type.ToString().ToLowerInvariant()),
                ("size", List(site.Size)),
                ("pos", Vec(site.Pos)),
                ("quat", Quaternion(site.Quat)),
                ("rgba", Color(site.Color))));
        }

        foreach (var child in body.Bodies)
        {
            var childElement = Element(
                "body",
                ("name", child.Name),
                ("pos", Vec(child.Pos)),
                ("quat", Quaternion(child.Quat)),
                ("mocap", child.Mocap ? "true" : null));
            AddContents(childElement, child);
            element.Add(childElement);
        }
    }

    private static XElement Element(string name, params (string Name, string? Value)[] attributes) =>
        new(name, attributes.Where(a => a.Value is not null).Select(a => new XAttribute(a.Name, a.Value!)));

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string? Num(double? value) => value is { } v ? Format(v) : null;

    private static string? Int(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string? Vec(Vec3? value) => value is { } v ? $"{Format(v.X)} {Format(v.Y)} {Format(v.Z)}" : null;

    private static string? Quaternion(Quat? value) => value is { } q ? $"{Format(q.W)} {Format(q.X)} {Format(q.Y)} {Format(q.Z)}" : null;

    private static string? Color(Rgba? value) => value is { } c ? $"{Format(c.R)} {Format(c.G)} {Format(c.B)} {Format(c.A)}" : null;

    private static string? Range(MjcfRange? value) => value is { } r ? $"{Format(r.Min)} {Format(r.Max)}" : null;

    private static string? List(IReadOnlyList<double>? values) => values is null ? null : string.Join(' ', values.Select(Format));
}
