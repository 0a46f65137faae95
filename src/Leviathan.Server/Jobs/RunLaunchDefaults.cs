using Leviathan.Models.Profiles;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Server.Jobs;

/// <summary>What every run the service launches shares, set by the host: the home, the model profiles and the sandbox.</summary>
internal sealed record RunLaunchDefaults(string Home, ModelCatalog? Catalog, SandboxOptions Sandbox);
