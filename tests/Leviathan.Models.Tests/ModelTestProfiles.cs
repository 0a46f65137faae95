using Leviathan.Models.Building;
using Leviathan.Models.Profiles;

namespace Leviathan.Models.Tests;

/// <summary>Profiles and factories pointing at a fake server.</summary>
internal static class ModelTestProfiles
{
    public const string ApiKey = "sk-test-0123456789abcdefghij";

    public static ModelProfile For(Uri baseUrl, string name = "default", string model = "fake-model", TimeSpan? timeout = null, decimal priceIn = 0, decimal priceOut = 0) =>
        new(name, baseUrl, model, ModelProfile.DefaultApiKeyVariable, 8192, priceIn, priceOut,
            ModelCapabilities.ToolCalls | ModelCapabilities.Streaming, timeout ?? TimeSpan.FromHours(1));

    /// <summary>A factory whose environment holds <see cref="ApiKey"/> in LEVIATHAN_MODEL_API_KEY.</summary>
    public static ModelClientFactory Factory(TimeProvider? time = null) => new(new ModelClientFactoryOptions
    {
        Time = time ?? TimeProvider.System,
        Environment = name => name == ModelProfile.DefaultApiKeyVariable ? ApiKey : null,
    });
}
