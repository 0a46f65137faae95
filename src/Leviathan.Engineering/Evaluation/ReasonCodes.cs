namespace Leviathan.Engineering.Evaluation;

/// <summary>Why a solution failed; one code per kind of failure, every one that applies is reported.</summary>
public static class ReasonCodes
{
    public const string CadError = "cad_error";
    public const string ObjectiveMissed = "objective_missed";
    public const string OutsideBuildZone = "outside_build_zone";
    public const string ForbidZoneTouched = "forbid_zone_touched";
    public const string PartsOverlap = "parts_overlap";
    public const string OverCost = "over_cost";
    public const string OverWeight = "over_weight";
    public const string NotManufacturable = "not_manufacturable";
    public const string MaterialNotAllowed = "material_not_allowed";
    public const string ProcessNotAllowed = "process_not_allowed";
    public const string MotorBeyondLimit = "motor_beyond_limit";
    public const string Unstable = "unstable";
    public const string SceneInvalid = "scene_invalid";
    public const string LeftWorld = "left_world";
}
