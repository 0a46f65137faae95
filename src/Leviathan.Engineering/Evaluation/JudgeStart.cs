using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Evaluation;

/// <summary>One payload start the judge simulates: <c>"0"</c> … for its seeded jitter samples, <c>"nominal"</c>, <c>"corner k"</c>.</summary>
public sealed record JudgeStart(string Label, Pose Pose);
