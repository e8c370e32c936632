using ImageRefApi.Core.Parsing;

namespace ImageRefApi.References;

/// <summary>The answers for a batch, in request order, and their totals.</summary>
/// <param name="Results">One result per reference, in the order sent.</param>
/// <param name="Summary">Totals over all results.</param>
internal sealed record BatchValidationResponse(IReadOnlyList<ValidationResultDto> Results, BatchSummary Summary);

/// <summary>Totals over a batch.</summary>
/// <param name="Total">How many references were checked.</param>
/// <param name="Valid">How many Docker accepts.</param>
/// <param name="Invalid">How many Docker refuses.</param>
/// <param name="NonCompliant">How many results the policy judged non-compliant (invalid ones included).</param>
/// <param name="Errors">How many diagnostics of severity <c>error</c> there are in all results.</param>
/// <param name="Warnings">How many diagnostics of severity <c>warning</c> there are in all results.</param>
internal sealed record BatchSummary(int Total, int Valid, int Invalid, int NonCompliant, int Errors, int Warnings)
{
    /// <summary>Counts the results.</summary>
    public static BatchSummary Of(IReadOnlyList<ValidationResultDto> results)
    {
        int valid = 0, nonCompliant = 0, errors = 0, warnings = 0;
        foreach (var result in results)
        {
            valid += result.Valid ? 1 : 0;
            nonCompliant += result.Policy.Compliant ? 0 : 1;
            foreach (var d in result.Diagnostics)
            {
                errors += d.Severity == Severity.Error ? 1 : 0;
                warnings += d.Severity == Severity.Warning ? 1 : 0;
            }
        }

        return new BatchSummary(results.Count, valid, results.Count - valid, nonCompliant, errors, warnings);
    }
}
