using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Resolution;

namespace ImageRefApi.Core.Policy;

/// <summary>The tag-policy service: named policies from configuration, inline policies, and evaluation.</summary>
public interface ITagPolicyService
{
    /// <summary>Every named policy (presets and configured ones), sorted by name.</summary>
    IReadOnlyList<PolicySummary> ListPolicies();

    /// <summary>Finds a named policy (case-insensitive).</summary>
    bool TryGetPolicy(string name, [NotNullWhen(true)] out TagPolicy? policy);

    /// <summary>Validates and compiles an inline policy. On failure, <paramref name="errors"/> maps each
    /// offending key (<c>allowedRegistries[2]</c>, <c>exemptions[0].reason</c>) to its messages, in the shape
    /// of a validation problem.</summary>
    bool TryCreatePolicy(
        TagPolicyRules rules,
        [NotNullWhen(true)] out TagPolicy? policy,
        [NotNullWhen(false)] out IDictionary<string, string[]>? errors);

    /// <summary>Judges one analysed reference. An invalid reference is never compliant and gets no policy
    /// diagnostics (the parser's say why). Never throws for a policy obtained from this service.</summary>
    /// <param name="analysis">The parser's result for the input.</param>
    /// <param name="policy">The policy to apply.</param>
    /// <param name="policyName">The name to report: the configured name, or <see cref="TagPolicyService.InlinePolicyName"/>.</param>
    PolicyEvaluation Evaluate(ReferenceAnalysis analysis, TagPolicy policy, string policyName);

    /// <summary>Judges one analysed reference, with the registry's answer for the <c>requireExisting</c> and
    /// <c>verifyDigest</c> rules. A null or unchecked <paramref name="resolution"/> makes those rules report
    /// <see cref="PolicyDiagnostics.NotVerified"/> instead of guessing.</summary>
    /// <param name="analysis">The parser's result for the input.</param>
    /// <param name="policy">The policy to apply.</param>
    /// <param name="policyName">The name to report.</param>
    /// <param name="resolution">The registry resolution of the same reference, or null when none ran.</param>
    PolicyEvaluation Evaluate(ReferenceAnalysis analysis, TagPolicy policy, string policyName, ResolutionResult? resolution);
}

/// <summary>One entry of <c>GET /v1/policies</c>.</summary>
/// <param name="Name">The name to send as <c>"policy"</c>.</param>
/// <param name="Description">What the policy is for.</param>
public sealed record PolicySummary(string Name, string Description);

/// <summary>The verdict of one policy on one reference (the <c>"policy"</c> object of a validate result, plus
/// the diagnostics that join the result's <c>diagnostics</c> array).</summary>
/// <param name="Name">The policy's name, <c>inline</c> for an inline policy.</param>
/// <param name="Compliant">False when the reference is invalid, or when a diagnostic is at least as severe as
/// <paramref name="FailOn"/>.</param>
/// <param name="FailOn">The policy's failOn level.</param>
/// <param name="Diagnostics">The policy's diagnostics, with the policy's severities applied.</param>
public sealed record PolicyEvaluation(
    string Name,
    bool Compliant,
    PolicySeverity FailOn,
    [property: JsonIgnore] IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The tag's classification, when the evaluation made one (not for invalid or exempt references), so
    /// that callers reporting it do not classify the tag a second time.</summary>
    [JsonIgnore]
    public TagClassification? Tag { get; init; }
}
