using System.Text.Json;
using FluentValidation;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Infrastructure;
using Microsoft.Extensions.Options;

namespace ImageRefApi.References;

/// <summary>A request to validate one reference.</summary>
/// <param name="Reference">The image reference to check, exactly as it appears in a manifest or command line.</param>
/// <param name="Policy">Optional tag policy: a policy name (<c>GET /v1/policies</c>) or an inline policy object; <c>default</c> when absent.</param>
/// <param name="Resolve">True to also ask the registry whether the reference exists and what digest it has (when the server enables resolution).</param>
internal sealed record ValidateRequest(string? Reference, JsonElement? Policy = null, bool Resolve = false);

/// <summary>A request to validate many references at once.</summary>
/// <param name="References">The references to check; the results come back in the same order.</param>
/// <param name="Policy">Optional tag policy applied to every reference: a policy name or an inline policy object; <c>default</c> when absent.</param>
/// <param name="Resolve">True to also ask the registries (each distinct reference once, with bounded concurrency).</param>
internal sealed record BatchValidateRequest(IReadOnlyList<string?>? References, JsonElement? Policy = null, bool Resolve = false);

/// <summary>A request to resolve one reference against its registry.</summary>
/// <param name="Reference">The image reference to look up.</param>
/// <param name="Platform">Optional <c>os/arch[/variant]</c> (e.g. <c>linux/amd64</c>) to look for in an image index.</param>
internal sealed record ResolveRequest(string? Reference, string? Platform = null);

/// <summary>The shape rules of <see cref="ValidateRequest"/>: a bad request, not a bad reference.</summary>
internal sealed class ValidateRequestValidator : AbstractValidator<ValidateRequest>
{
    public ValidateRequestValidator(IOptions<ReferenceParserOptions> parser)
    {
        RuleFor(r => r.Reference).IsReference(parser.Value.MaxInputLength);
        RuleFor(r => r.Policy).Must(PolicyShape.IsAcceptable).WithMessage(PolicyShape.Message).OverridePropertyName("policy");
    }
}

/// <summary>The shape rules of <see cref="BatchValidateRequest"/>.</summary>
internal sealed class BatchValidateRequestValidator : AbstractValidator<BatchValidateRequest>
{
    public BatchValidateRequestValidator(IOptions<ApiOptions> options, IOptions<ReferenceParserOptions> parser)
    {
        var max = options.Value.MaxBatchSize;
        var maxLength = parser.Value.MaxInputLength;
        RuleFor(r => r.References)
            .Cascade(CascadeMode.Stop)
            .NotNull()
            .WithMessage("'references' is required and must be an array of strings.")
            .Must(list => list!.Count is > 0)
            .WithMessage("'references' must contain at least one reference.")
            .Must(list => list!.Count <= max)
            .WithMessage(r => $"'references' may contain at most {max} references; this request has {r.References!.Count}.")
            .OverridePropertyName("references");

        // One loop instead of RuleForEach: a 1,000-item batch must not pay for 1,000 rule contexts.
        RuleFor(r => r.References).Custom((list, context) =>
        {
            if (list is null)
            {
                return;
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not { } item)
                {
                    context.AddFailure($"references[{i}]", "Each reference must be a string.");
                }
                else if (item.Length > maxLength)
                {
                    context.AddFailure($"references[{i}]", ReferenceLimit.Message("reference", item.Length, maxLength));
                }
            }
        });
        RuleFor(r => r.Policy).Must(PolicyShape.IsAcceptable).WithMessage(PolicyShape.Message).OverridePropertyName("policy");
    }
}

/// <summary>
/// A reference longer than <c>Parser:MaxInputLength</c> is a bad request, refused by its length alone before the
/// parser sees it: no real reference comes near the limit, and scanning megabytes per item is what an attacker wants.
/// </summary>
internal static class ReferenceLimit
{
    public static string Message(string field, int length, int max) =>
        $"'{field}' is {length} characters long; the limit is {max} (Parser:MaxInputLength).";

    /// <summary>The rule of a <c>reference</c> field: present, a string, and no longer than the parser scans.</summary>
    public static IRuleBuilderOptions<T, string?> IsReference<T>(this IRuleBuilderInitial<T, string?> rule, int max) =>
        rule.Cascade(CascadeMode.Stop)
            .NotNull()
            .WithMessage("'reference' is required and must be a string.")
            .Must(r => r!.Length <= max)
            .WithMessage((T _, string? r) => Message("reference", r!.Length, max))
            .OverridePropertyName("reference");
}

/// <summary>The shape rules of <see cref="ResolveRequest"/>.</summary>
internal sealed class ResolveRequestValidator : AbstractValidator<ResolveRequest>
{
    public ResolveRequestValidator(IOptions<ReferenceParserOptions> parser)
    {
        RuleFor(r => r.Reference).IsReference(parser.Value.MaxInputLength);
        RuleFor(r => r.Platform)
            .Must(p => p is null || PlatformShape.IsValid(p))
            .WithMessage(r => $"'{r.Platform}' is not a platform; expected os/arch or os/arch/variant, e.g. linux/amd64 or linux/arm64/v8.")
            .OverridePropertyName("platform");
    }
}

/// <summary>What a <c>platform</c> may look like: <c>os/arch[/variant]</c>, lowercase letters, digits, '_' and '-'.</summary>
internal static class PlatformShape
{
    public static bool IsValid(string platform)
    {
        if (platform.Length is 0 or > 64)
        {
            return false;
        }

        var parts = platform.Split('/');
        return parts.Length is 2 or 3 && parts.All(p => p.Length > 0 && p.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.'));
    }
}

/// <summary>The JSON kinds a <c>policy</c> field may have; its content is checked by <see cref="Policies.PolicySelector"/>.</summary>
internal static class PolicyShape
{
    public const string Message = "'policy' must be a policy name (string) or a policy object.";

    public static bool IsAcceptable(JsonElement? policy) =>
        policy is not { } p || p.ValueKind is JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Null;
}
