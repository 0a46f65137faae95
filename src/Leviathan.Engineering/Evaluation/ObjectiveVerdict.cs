namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// How a payload's path measured up to the objective: met; when it first entered the goal (for settle: when the
/// held stretch began); its closest approach and final distance to the goal (metres); the longest stretch it was held
/// in the goal slowly enough (seconds); and when it left the world box, if it did (the path is judged up to then).
/// </summary>
internal readonly record struct ObjectiveVerdict(bool Met, double? TimeToGoal, double Closest, double Final, double LongestHold, double? LeftWorldAt);
