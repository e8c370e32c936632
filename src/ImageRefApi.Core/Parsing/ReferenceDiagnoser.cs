namespace ImageRefApi.Core.Parsing;

internal static class ReferenceDiagnoser
{
    public static Diagnostic TooLongToScan(int length, int max) =>
        new("INPUT_TOO_LONG", Severity.Error, $"The input is {length} characters long; inputs over {max} characters are not parsed.", null, []);

    public static IReadOnlyList<Diagnostic> DiagnoseValid(string input, ImageReference reference, in ReferenceParts parts, ParseError podmanError) => [];

    public static IReadOnlyList<Diagnostic> DiagnoseInvalid(string input, ParseError error, string engineText) => [];
}
