using System.Text.Json.Serialization;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Manufacturing;

/// <summary>How a part is made; decides its cost formula and its manufacturability rules.</summary>
[JsonConverter(typeof(StrictEnumConverter<ManufacturingProcess>))]
public enum ManufacturingProcess
{
    /// <summary>Fused-filament 3D printing.</summary>
    Print3d,

    /// <summary>3-axis CNC milling from a stock block, tool along -Z.</summary>
    CncMilling,

    /// <summary>Injection moulding, mould opening along Z.</summary>
    InjectionMoulding,
}
