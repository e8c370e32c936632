using CsCheck;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Tests.Corpus;

namespace ImageRefApi.Core.Tests.Parsing;

/// <summary>
/// The fast path (<c>ReferenceGrammar.TryParseOrdinary</c>) may only accept what the general path accepts, with
/// the same parts; everything else it must hand over. The conformance tests check the combined result against the
/// engines; these check the two paths against each other, and the shortcuts of <see cref="ReferenceParser.Analyze"/>
/// (Podman's parse skipped where it cannot differ from Docker's) against Podman's full parse.
/// </summary>
public sealed class OrdinaryFastPathTests
{
    private static readonly ReferenceParser Parser = new();

    private static readonly string[] CorpusInputs =
    [
        .. CorpusFiles.Read("conformance.jsonl").Select(r => r.Input),
        .. CorpusFiles.Read("field-cases.jsonl").Select(r => r.Input),
        .. CorpusFiles.Read("realistic-10k.jsonl").Select(r => r.Input),
    ];

    [Fact]
    public void FastPath_CorpusInputs_AgreesWithGeneralPath()
    {
        foreach (var input in CorpusInputs)
        {
            AssertAgrees(input);
        }
    }

    [Fact]
    public void FastPath_ReferenceLikeStrings_AgreesWithGeneralPath() =>
        ParserPropertyTests.ReferenceLike.Sample(AssertAgrees, iter: 50_000);

    [Fact]
    public void FastPath_MutatedCorpusInputs_AgreesWithGeneralPath() =>
        ParserPropertyTests.Mutated.Sample(AssertAgrees, iter: 50_000);

    [Fact]
    public void FastPath_EveryValidRealisticReference_IsTakenByTheFastPath()
    {
        // The benchmarks measure realistic-10k: a change that sends its ordinary references to the general path
        // would make every one of them slower without failing a conformance test.
        var missed = CorpusFiles.Read("realistic-10k.jsonl")
            .Where(r => r.Docker.Valid && !ReferenceGrammar.TryParseOrdinary(r.Input, out _))
            .Select(r => r.Input)
            .ToList();
        Assert.Empty(missed);
    }

    [Theory]
    [InlineData("Registry.example.com/app:1")]
    [InlineData("REGISTRY/app")]
    [InlineData("[::1]:5000/app:1")]
    [InlineData("my_registry.example.com/app")]
    [InlineData("my_host:5000/app")]
    [InlineData("app@sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("app@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("nginx:1.27 ")]
    [InlineData("nginx:")]
    [InlineData("a__b_/c")]
    [InlineData("a___b")]
    [InlineData("a__b.c/d")]
    public void FastPath_UnusualOrInvalidInput_IsLeftToTheGeneralPath(string input) =>
        Assert.False(ReferenceGrammar.TryParseOrdinary(input, out _));

    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx")]
    [InlineData("a__b--c/d.e_f:Tag_1.x-", "docker.io", "a__b--c/d.e_f")]
    [InlineData("localhost/app:1", "localhost", "app")]
    [InlineData("localhost:5000/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "localhost:5000", "team/app")]
    [InlineData("index.docker.io/nginx:1", "docker.io", "library/nginx")]
    [InlineData("docker.io/team/app", "docker.io", "team/app")]
    [InlineData("host:5000/app", "host:5000", "app")]
    public void FastPath_OrdinaryReference_IsAcceptedWithTheGeneralPathsParts(string input, string registry, string repository)
    {
        Assert.True(ReferenceGrammar.TryParseOrdinary(input, out _));
        AssertAgrees(input);
        var reference = ImageReference.Parse(input);
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
    }

    [Theory]
    [InlineData("app@sha384:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("app@sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("app@sha512:0123456789abcdef", false)]
    [InlineData("[::1]:5000/app:1", true)]
    [InlineData("Registry.Example.com/app", true)]
    [InlineData("REGISTRY:5000/app", true)]
    [InlineData("my_host.example.com/app", true)]
    [InlineData("app:1.2.3+build.5", false)]
    [InlineData("app:1.2.3 ", false)]
    [InlineData("${REGISTRY}/app", false)]
    [InlineData("app:a:b", false)]
    [InlineData("python:", false)]
    [InlineData("caf\u00e9", false)]
    public void IsValid_InputsTheMasksHandOverOrRefuse_MatchesTheGeneralPath(string input, bool valid)
    {
        input = System.Text.RegularExpressions.Regex.Unescape(input);
        Assert.Equal(valid, ReferenceGrammar.Parse(input, Engine.Docker, out _) == ParseError.None);
        Assert.Equal(valid, ReferenceGrammar.IsValidDocker(input));
    }

    /// <summary>The yes/no check equals the general path's verdict; Analyze gives Podman's verdict of its full
    /// parse; the fast path (masks, or characters for long names) accepts exactly what its character form accepts,
    /// and only what the general path accepts, with the same parts.</summary>
    private static void AssertAgrees(string input)
    {
        var error = ReferenceGrammar.Parse(input, Engine.Docker, out var general);
        Assert.True((error == ParseError.None) == ReferenceGrammar.IsValidDocker(input), $"IsValid disagrees with the general path on \"{input}\"");
        var podman = ReferenceGrammar.ParsePodman(input, out _);
        Assert.True(Parser.Analyze(input).Podman.Error == (podman == ParseError.None ? null : ReferenceGrammar.PodmanMessage(podman, input)), $"Podman's verdict on \"{input}\" differs from its full parse");
        var fastAccepted = ReferenceGrammar.TryParseOrdinary(input, out var fast);
        var charactersAccepted = ReferenceGrammar.TryParseOrdinaryCharacters(input, out var characters);
        Assert.True(fastAccepted == charactersAccepted, $"the two forms of the fast path disagree on \"{input}\"");
        if (!fastAccepted)
        {
            return;
        }

        Assert.True(error == ParseError.None, $"the fast path accepted \"{input}\", the general path says {error}");
        general.Ordinary = true;
        Assert.True(fast.Equals(general) && characters.Equals(general), $"the paths read \"{input}\" differently");
    }
}
