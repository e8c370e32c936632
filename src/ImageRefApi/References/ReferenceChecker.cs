using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using ImageRefApi.Core.Resolution;
using ImageRefApi.Policies;
using Microsoft.Extensions.Options;

namespace ImageRefApi.References;

/// <summary>
/// The one path from an input to a result: parse, optionally ask the registry, judge by the policy. Every endpoint
/// (validate, batch, resolve) and the OpenAPI examples go through it, so they cannot disagree.
/// </summary>
internal sealed class ReferenceChecker(
    IReferenceParser parser,
    ITagPolicyService policies,
    IRegistryResolver resolver,
    IOptions<ResolutionOptions> resolution)
{
    /// <summary>Checks one input without asking the registry.</summary>
    public ValidationResultDto Check(string input, SelectedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var analysis = parser.Analyze(input);
        return Result(analysis, policy, null, requested: false);
    }

    /// <summary>Checks one input; with <paramref name="resolve"/>, a valid reference is also looked up in its registry.</summary>
    public async Task<ValidationResultDto> CheckAsync(string input, SelectedPolicy policy, bool resolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var analysis = parser.Analyze(input);
        var found = resolve && analysis.Reference is { } reference
            ? await resolver.ResolveAsync(reference, null, cancellationToken).ConfigureAwait(false)
            : null;
        return Result(analysis, policy, found, resolve);
    }

    /// <summary>
    /// Checks a batch in order. With <paramref name="resolve"/>, each distinct valid reference is resolved once, at
    /// most <c>Resolution:MaxConcurrentResolutions</c> at a time.
    /// </summary>
    public async Task<ValidationResultDto[]> CheckBatchAsync(IReadOnlyList<string> inputs, SelectedPolicy policy, bool resolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(policy);
        var analyses = new ReferenceAnalysis[inputs.Count];
        for (var i = 0; i < analyses.Length; i++)
        {
            analyses[i] = parser.Analyze(inputs[i]);
        }

        var found = new Dictionary<ImageReference, ResolutionResult>();
        if (resolve)
        {
            var distinct = analyses.Where(a => a.Reference is not null).Select(a => a.Reference!).Distinct().ToArray();
            var answers = new ResolutionResult[distinct.Length];
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = resolution.Value.MaxConcurrentResolutions,
                CancellationToken = cancellationToken,
            };
            await Parallel.ForAsync(0, distinct.Length, parallel, async (i, ct) =>
                answers[i] = await resolver.ResolveAsync(distinct[i], null, ct).ConfigureAwait(false)).ConfigureAwait(false);
            for (var i = 0; i < distinct.Length; i++)
            {
                found[distinct[i]] = answers[i];
            }
        }

        var results = new ValidationResultDto[analyses.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var answer = analyses[i].Reference is { } r && found.TryGetValue(r, out var a) ? a : null;
            results[i] = Result(analyses[i], policy, answer, resolve);
        }

        return results;
    }

    /// <summary>
    /// Checks one input for a file scan: the validate result, and the analysis with the policy's diagnostics
    /// appended in the result's order, so that the scanner can position every diagnostic the result lists.
    /// </summary>
    public (ReferenceAnalysis Analysis, ValidationResultDto Result) CheckForScan(string input, SelectedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var analysis = parser.Analyze(input);
        var verdict = policies.Evaluate(analysis, policy.Policy, policy.Name, null);
        var result = Result(analysis, verdict, null, requested: false);
        return verdict.Diagnostics.Count == 0
            ? (analysis, result)
            : (analysis with { Diagnostics = [.. analysis.Diagnostics, .. verdict.Diagnostics] }, result);
    }

    /// <summary>Resolves one input: parser diagnostics for an invalid one (no registry call), else the registry's answer.</summary>
    public async Task<ResolveResultDto> ResolveAsync(string input, string? platform, CancellationToken cancellationToken)
    {
        var analysis = parser.Analyze(input);
        var found = analysis.Reference is { } reference
            ? await resolver.ResolveAsync(reference, platform, cancellationToken).ConfigureAwait(false)
            : null;
        return ResolveResultDto.From(analysis, found is null ? null : ResolutionDto.From(found, platform), found?.Diagnostics ?? []);
    }

    private ValidationResultDto Result(ReferenceAnalysis analysis, SelectedPolicy policy, ResolutionResult? found, bool requested) =>
        Result(analysis, policies.Evaluate(analysis, policy.Policy, policy.Name, found), found, requested);

    private static ValidationResultDto Result(ReferenceAnalysis analysis, PolicyEvaluation verdict, ResolutionResult? found, bool requested)
    {
        return ValidationResultDto.From(
            analysis,
            verdict.Tag ?? (analysis.Reference is { } r ? TagClassifier.Classify(r) : null),
            new PolicyVerdictDto(verdict.Name, verdict.Compliant, verdict.FailOn),
            requested && found is not null ? ResolutionDto.From(found, null) : null,
            found?.Diagnostics ?? [],
            verdict.Diagnostics);
    }
}
