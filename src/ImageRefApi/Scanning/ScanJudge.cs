using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Policies;
using ImageRefApi.References;

namespace ImageRefApi.Scanning;

/// <summary>
/// Judges the references of one scan request: the parser, and the request's tag policy once it is applied,
/// exactly as validate judges a single reference.
/// </summary>
/// <remarks>
/// The scanner positions each diagnostic of the <see cref="ReferenceAnalysis"/> the judge returns; the result
/// the client sees is the validate-shaped <see cref="ValidationResultDto"/>. Both must list the same diagnostics
/// in the same order, so that the file location of the i-th diagnostic of the result is the scanner's i-th.
/// </remarks>
internal sealed class ScanJudge
{
    private readonly Func<string, (ReferenceAnalysis Analysis, ValidationResultDto Result)> judge;
    private readonly Dictionary<string, ValidationResultDto> results = new(StringComparer.Ordinal);

    public ScanJudge(Func<string, (ReferenceAnalysis Analysis, ValidationResultDto Result)> judge) => this.judge = judge;

    /// <summary>The scanner's judge: called once per distinct resolved reference.</summary>
    public ReferenceAnalysis Analyze(string reference)
    {
        var (analysis, result) = judge(reference);
        results[reference] = result;
        return analysis;
    }

    /// <summary>The validate-shaped result for a reference <see cref="Analyze"/> has judged.</summary>
    public ValidationResultDto ResultFor(string reference) => results[reference];
}

/// <summary>Makes the <see cref="ScanJudge"/> of a request from its <c>policy</c> field.</summary>
internal sealed class ScanJudges(PolicySelector selector, ReferenceChecker checker)
{
    /// <summary>
    /// The judge for <paramref name="policy"/> (a policy name, an inline policy object, or null for the default
    /// policy), or the validation errors (keyed <c>policy…</c>) when the policy cannot be used.
    /// </summary>
    public bool TryCreate(JsonElement? policy, [NotNullWhen(true)] out ScanJudge? judge, out IDictionary<string, string[]>? errors)
    {
        if (!selector.TrySelect(policy, out var selected, out var problems))
        {
            judge = null;
            errors = problems;
            return false;
        }

        errors = null;
        judge = new ScanJudge(reference => checker.CheckForScan(reference, selected));
        return true;
    }
}
