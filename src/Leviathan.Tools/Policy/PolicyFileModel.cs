namespace Leviathan.Tools.Policy;

/// <summary>The YAML shape of a policy file.</summary>
internal sealed class PolicyFileModel
{
    public string? Default { get; set; }

    public List<PolicyRuleModel>? Rules { get; set; }

    public List<string>? Disable { get; set; }
}
