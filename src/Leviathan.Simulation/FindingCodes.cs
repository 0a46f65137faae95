namespace Leviathan.Simulation;

/// <summary>The codes a <see cref="ModelFinding"/> carries; they are part of the JSON contract.</summary>
public static class FindingCodes
{
    /// <summary>The file is not well-formed XML.</summary>
    public const string XmlParse = "xml_parse";

    /// <summary>MuJoCo rejects an element, attribute or value.</summary>
    public const string Schema = "schema";

    /// <summary>A mesh, texture, height field, skin or included file does not exist.</summary>
    public const string AssetMissing = "asset_missing";

    /// <summary>MuJoCo refuses the model for any other reason, or stops with a fatal error.</summary>
    public const string Compile = "compile";

    /// <summary>Two geoms overlap at t = 0 by more than the tolerance.</summary>
    public const string Penetration = "penetration";

    /// <summary>The simulation diverges: MuJoCo's bad qacc/qpos/qvel warnings, non-finite state, or excessive speed.</summary>
    public const string Instability = "instability";

    /// <summary>Warning: nothing in the model can move.</summary>
    public const string NoDynamics = "no_dynamics";

    /// <summary>Warning: MuJoCo printed a warning (contact buffer full, singular inertia, ...).</summary>
    public const string MujocoWarning = "mujoco_warning";

    /// <summary>A simulation request names an actuator or body the model does not have.</summary>
    public const string UnknownName = "unknown_name";

    /// <summary>Warning: a control value lies outside the actuator's ctrlrange and MuJoCo clamps it.</summary>
    public const string ControlClamped = "control_clamped";
}
