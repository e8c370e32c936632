using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Core.Tests.Policy;

/// <summary>A clock the test sets.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The real service, parser and validator, with a settable clock.</summary>
internal sealed class PolicyHarness
{
    public static readonly DateTimeOffset Today = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ReferenceParser parser = new();

    public PolicyHarness(TagPolicyOptions? options = null)
    {
        Service = new TagPolicyService(Options.Create(options ?? new TagPolicyOptions()), Clock, new TagPolicyRulesValidator());
    }

    public FixedTimeProvider Clock { get; } = new(Today);

    public TagPolicyService Service { get; }

    public PolicyEvaluation Evaluate(string reference, string policyName)
    {
        Assert.True(Service.TryGetPolicy(policyName, out var policy), policyName);
        return Service.Evaluate(parser.Analyze(reference), policy, policyName);
    }

    public PolicyEvaluation Evaluate(string reference, TagPolicyRules rules)
    {
        var created = Service.TryCreatePolicy(rules, out var policy, out var errors);
        Assert.True(created, errors is null ? null : string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return Service.Evaluate(parser.Analyze(reference), policy!, TagPolicyService.InlinePolicyName);
    }

    public static string Codes(PolicyEvaluation evaluation) =>
        string.Join(",", evaluation.Diagnostics.Select(d => d.Code));
}
