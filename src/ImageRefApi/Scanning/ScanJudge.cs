using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ImageRefApi.Core.Parsing;
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
internal sealed class ScanJudges(IReferenceParser parser)
{
    /// <summary>
    /// The judge for <paramref name="policy"/> (a policy name, an inline policy object, or null), or the
    /// validation errors (keyed <c>policy…</c>) when the policy cannot be used.
    /// </summary>
    public bool TryCreate(JsonElement? policy, [NotNullWhen(true)] out ScanJudge? judge, out IDictionary<string, string[]>? errors)
    {
        errors = null;

        // TODO(lead, issue 4): resolve `policy` (named or inline) with the same helper validate uses, return its
        // errors here, and judge each reference as validate does: the analysis gets the policy diagnostics
        // appended (so the scanner positions them) and the result is built with the policy verdict.
        _ = policy;
        judge = new ScanJudge(reference =>
        {
            var analysis = parser.Analyze(reference);
            return (analysis, ValidationResultDto.From(analysis));
        });
        return true;
    }
}
