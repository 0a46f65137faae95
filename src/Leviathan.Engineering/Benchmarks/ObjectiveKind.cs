using System.Text.Json.Serialization;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>When the payload has to be in the goal.</summary>
[JsonConverter(typeof(StrictEnumConverter<ObjectiveKind>))]
public enum ObjectiveKind
{
    /// <summary>The payload's centre is inside the goal zone when the time limit ends.</summary>
    AtEnd,

    /// <summary>The payload's centre enters the goal zone at any time before the time limit.</summary>
    AnyTime,

    /// <summary>
    /// Delivered: the payload's centre enters the goal zone and stays inside for <see cref="ObjectiveSpec.HoldTime"/>
    /// seconds with its speed below <see cref="ObjectiveSpec.SettleSpeed"/>, before the time limit.
    /// </summary>
    Settle,
}
