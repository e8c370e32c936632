using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ImageRefApi.Core.Policy;

namespace ImageRefApi.Policies;

/// <summary>A policy chosen for one request, with the name its verdicts report.</summary>
/// <param name="Name">The configured name (as listed by <c>GET /v1/policies</c>), or <c>inline</c>.</param>
/// <param name="Policy">The compiled policy.</param>
internal sealed record SelectedPolicy(string Name, TagPolicy Policy);

/// <summary>
/// Turns the request's <c>"policy"</c> (absent, a name, or an inline object) into a compiled policy, once per
/// request, or into validation errors keyed <c>policy</c> / <c>policy.&lt;rule key&gt;</c>.
/// </summary>
internal sealed class PolicySelector(ITagPolicyService policies)
{
    /// <summary>The policy applied when a request names none.</summary>
    public const string DefaultName = TagPolicyPresets.Default;

    // Rule keys are matched exactly as documented (camelCase): "RequireTag" is reported as an unknown key, not
    // silently accepted, so a policy file means the same to every tool that reads it.
    private static readonly JsonSerializerOptions InlineJson = new()
    {
        PropertyNameCaseInsensitive = false,
        AllowTrailingCommas = false,
        MaxDepth = 16,
    };

    /// <summary>Selects the request's policy; false with errors for an unknown name or an invalid inline policy.</summary>
    public bool TrySelect(
        JsonElement? policy,
        [NotNullWhen(true)] out SelectedPolicy? selected,
        [NotNullWhen(false)] out Dictionary<string, string[]>? errors)
    {
        selected = null;
        errors = null;
        switch (policy)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                return TrySelectNamed(DefaultName, out selected, out errors);
            case { ValueKind: JsonValueKind.String } name:
                return TrySelectNamed(name.GetString()!, out selected, out errors);
            case { ValueKind: JsonValueKind.Object } inline:
                return TrySelectInline(inline, out selected, out errors);
            default:
                errors = Error("policy", "'policy' must be a policy name (string) or a policy object.");
                return false;
        }
    }

    private bool TrySelectNamed(string name, [NotNullWhen(true)] out SelectedPolicy? selected, [NotNullWhen(false)] out Dictionary<string, string[]>? errors)
    {
        errors = null;
        if (policies.TryGetPolicy(name, out var policy))
        {
            // Report the name as configured, whatever the case the request used.
            var configured = policies.ListPolicies().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Name ?? name;
            selected = new SelectedPolicy(configured, policy);
            return true;
        }

        selected = null;
        errors = Error("policy", $"'{name}' is not a policy; known policies: {string.Join(", ", policies.ListPolicies().Select(p => p.Name))} (GET /v1/policies), or send the rules inline as an object.");
        return false;
    }

    private bool TrySelectInline(JsonElement inline, [NotNullWhen(true)] out SelectedPolicy? selected, [NotNullWhen(false)] out Dictionary<string, string[]>? errors)
    {
        selected = null;
        TagPolicyRules? rules;
        try
        {
            rules = inline.Deserialize<TagPolicyRules>(InlineJson);
        }
        catch (JsonException ex)
        {
            var key = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            errors = key is null
                ? Error("policy", "The inline policy is not a policy object.")
                : Error($"policy.{key}", $"'{key}' has a value of the wrong type or an unknown key; GET /v1/policies/default shows every key with its type.");
            return false;
        }

        if (rules is null)
        {
            errors = Error("policy", "The inline policy is not a policy object.");
            return false;
        }

        if (!policies.TryCreatePolicy(rules, out var policy, out var problems))
        {
            errors = problems.ToDictionary(p => $"policy.{p.Key}", p => p.Value, StringComparer.Ordinal);
            return false;
        }

        errors = null;
        selected = new SelectedPolicy(TagPolicyService.InlinePolicyName, policy);
        return true;
    }

    private static Dictionary<string, string[]> Error(string key, string message) => new(StringComparer.Ordinal) { [key] = [message] };
}
