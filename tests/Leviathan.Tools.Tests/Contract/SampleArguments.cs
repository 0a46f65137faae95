using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Tests.Contract;

public enum SampleMode
{
    Fast,
    VeryThorough,
}

public sealed record SampleArguments(
    [property: Description("File to work on, relative to the workspace.")] string Path,
    [property: Description("Seconds before giving up."), Range(1, 600)] int? TimeoutS = null,
    [property: Description("How hard to try.")] SampleMode Mode = SampleMode.Fast,
    [property: Description("Whether to go on after an error.")] bool? KeepGoing = null);
