namespace Leviathan.Tools.Policy;

/// <summary>The YAML shape of one rule.</summary>
internal sealed class PolicyRuleModel
{
    public string? Id { get; set; }

    public string? Action { get; set; }

    public List<string>? Tools { get; set; }

    public string? Network { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Path { get; set; }

    public string? Check { get; set; }

    public string? Reason { get; set; }
}
