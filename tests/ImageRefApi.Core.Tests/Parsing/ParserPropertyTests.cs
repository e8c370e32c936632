using System.Text;
using CsCheck;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Tests.Corpus;

namespace ImageRefApi.Core.Tests.Parsing;

/// <summary>Properties that hold for every string, checked on random and corpus-shaped inputs.</summary>
public sealed class ParserPropertyTests
{
    private static readonly ReferenceParser Parser = new();

    private static readonly string[] Seeds = [.. CorpusFiles.Read("conformance.jsonl").Select(r => r.Input), .. CorpusFiles.Read("field-cases.jsonl").Select(r => r.Input)];

    /// <summary>Any UTF-16 string, lone surrogates and NUL included.</summary>
    private static readonly Gen<string> AnyString = Gen.Char.Array[0, 300].Select(chars => new string(chars));

    /// <summary>Strings made of the characters references are made of, plus the usual mistakes.</summary>
    internal static readonly Gen<string> ReferenceLike =
        Gen.OneOf<string>("a", "b", "z", "0", "9", ".", "_", "__", "-", "/", ":", "@", "A", "Z", "sha256:", "docker.io/", "localhost:5000/", "[::1]", " ", "\t", "\n", "\0", "\u2013", "\uff41", "${X}", "$(", "{{", "<", ">", "+", "~", "0123456789abcdef", "ghcr.io/", "library/", "e+07", "\ud800")
            .Array[0, 40].Select(parts => string.Concat(parts));

    /// <summary>A corpus input with a few random edits.</summary>
    internal static readonly Gen<string> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 200], Gen.Int[0, 3], Gen.Char).Array[0, 4], (i, edits) =>
        {
            var sb = new StringBuilder(Seeds[i]);
            foreach (var (at, kind, c) in edits)
            {
                var pos = sb.Length == 0 ? 0 : at % (sb.Length + 1);
                switch (kind)
                {
                    case 0 when pos < sb.Length: sb.Remove(pos, 1); break;
                    case 1: sb.Insert(pos, c); break;
                    case 2 when pos < sb.Length: sb[pos] = c; break;
                    default: sb.Insert(pos, "/:@."[at % 4]); break;
                }
            }

            return sb.ToString();
        });

    [Fact]
    public void Analyze_AnyString_NeverThrowsAndKeepsItsPromises() =>
        AnyString.Sample(CheckAll, iter: 20_000);

    [Fact]
    public void Analyze_ReferenceLikeString_NeverThrowsAndKeepsItsPromises() =>
        ReferenceLike.Sample(CheckAll, iter: 20_000);

    [Fact]
    public void Analyze_MutatedCorpusInput_NeverThrowsAndKeepsItsPromises() =>
        Mutated.Sample(CheckAll, iter: 20_000);

    [Fact]
    public void Analyze_EveryCorpusInput_KeepsItsPromises()
    {
        foreach (var input in Seeds.Concat(CorpusFiles.Read("realistic-10k.jsonl").Select(r => r.Input)))
        {
            CheckAll(input);
        }
    }

    [Theory]
    [InlineData(4097)]
    [InlineData(1 << 20)]
    public void Analyze_InputOverMaximum_GetsOneDiagnosticAndNoScan(int length)
    {
        var result = Parser.Analyze(new string('a', length));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(ParserDiagnostics.InputTooLong, diagnostic.Code);
        Assert.False(result.Valid);
        Assert.Null(result.Reference);
    }

    [Fact]
    public void Analyze_ConfiguredMaximum_IsHonoured()
    {
        var small = new ReferenceParser(new ReferenceParserOptions { MaxInputLength = 10 });
        Assert.True(small.Analyze("nginx:1.27").Valid);
        Assert.Equal(ParserDiagnostics.InputTooLong, Assert.Single(small.Analyze("nginx:1.27.1").Diagnostics).Code);
    }

    [Fact]
    public void Analyze_HostileMegabyteStrings_NeverThrow()
    {
        var unlimited = new ReferenceParser(new ReferenceParserOptions { MaxInputLength = int.MaxValue });
        foreach (var unit in new[] { "a", "/", ":", "@", "${", "$(", "{{", "<", "\0", "\ud800", "A", "-", "a/", "a:", "\u2013" })
        {
            var input = new StringBuilder().Insert(0, unit, (1 << 18) / unit.Length).ToString();
            CheckAll(unlimited, input);
        }
    }

    private static void CheckAll(string input) => CheckAll(Parser, input);

    private static void CheckAll(ReferenceParser parser, string input)
    {
        var result = parser.Analyze(input);
        var context = FieldCaseTests.Report(result);

        // Every suggestion ever emitted parses as valid.
        foreach (var suggestion in result.Diagnostics.SelectMany(d => d.Suggestions))
        {
            Assert.True(ImageReference.IsValid(suggestion.Reference), $"suggestion «{suggestion.Reference}» is invalid\n{context}");
        }

        // Spans lie inside the input.
        foreach (var d in result.Diagnostics)
        {
            Assert.True(d.Span is null || (d.Span.Value.Start >= 0 && d.Span.Value.End <= input.Length), $"span {d.Span} outside the input\n{context}");
        }

        // Docker invalid means at least one error; the three entry points agree.
        Assert.Equal(result.Valid, result.Reference is not null);
        Assert.True(result.Valid || result.Diagnostics.Any(d => d.Severity == Severity.Error), context);
        if (input.Length <= parser.MaxInputLength)
        {
            Assert.Equal(result.Valid, ImageReference.IsValid(input));
            Assert.Equal(result.Valid, parser.IsValid(input));
        }

        // Canonical re-parses to the same components.
        if (result.Reference is { } r)
        {
            var again = ImageReference.Parse(r.Canonical);
            Assert.Equal(r.Registry, again.Registry);
            Assert.Equal(r.Repository, again.Repository);
            Assert.Equal(r.Digest, again.Digest);
            Assert.Equal(r.Digest is null ? r.Tag ?? "latest" : null, again.Tag);
            Assert.Equal(r.Canonical, again.Canonical);
        }
    }
}
