using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Tests.Parsing;

public sealed class ParserCatalogTests
{
    /// <summary>Codes whose catalog example is a description, not an input (too long to print, or a safety net).</summary>
    private static readonly HashSet<string> SymbolicExamples =
    [
        ParserDiagnostics.InputTooLong, ParserDiagnostics.TooManyProblems, ParserDiagnostics.PathTooLong,
        ParserDiagnostics.TagTooLong, ParserDiagnostics.InvalidReference,
    ];

    public static TheoryData<string> Codes() => [.. ParserDiagnostics.Descriptors.Select(d => d.Code)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void CatalogExample_Analyzed_ProducesItsCodeWithItsSeverity(string code)
    {
        var descriptor = ParserDiagnostics.Descriptors.Single(d => d.Code == code);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description));
        if (SymbolicExamples.Contains(code))
        {
            return;
        }

        var result = new ReferenceParser().Analyze(descriptor.Example);
        var found = result.Diagnostics.FirstOrDefault(d => d.Code == code);
        Assert.True(found is not null, $"example «{descriptor.Example}» does not produce {code}:\n{Corpus.FieldCaseTests.Report(result)}");
        Assert.Equal(descriptor.Severity, found.Severity);
    }

    [Fact]
    public void Catalog_CodesAreUniqueAndUpperSnakeCase()
    {
        var codes = ParserDiagnostics.Descriptors.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[A-Z][A-Z0-9_]*$", c));
    }

    [Theory]
    [InlineData("ghcr.io/AcmeUser/app:1.0", ParserDiagnostics.PathUppercase, "ghcr.io/acmeuser/app:1.0")]
    [InlineData("huggingface-pytorch-training:xxxx:latest", ParserDiagnostics.TagContainsColon, "huggingface-pytorch-training:xxxx")]
    [InlineData("huggingface-pytorch-training:xxxx:latest", ParserDiagnostics.TagContainsColon, "huggingface-pytorch-training:latest")]
    [InlineData("huggingface-pytorch-training:xxxx:latest", ParserDiagnostics.TagContainsColon, "huggingface-pytorch-training:xxxx-latest")]
    [InlineData("app:feature/login", ParserDiagnostics.TagContainsSlash, "app:feature-login")]
    [InlineData("app:refs/tags/v1.2", ParserDiagnostics.TagContainsSlash, "app:v1.2")]
    [InlineData("app:1.0.0+build.5", ParserDiagnostics.TagBuildMetadata, "app:1.0.0-build.5")]
    [InlineData("app:5.8467965e+07", ParserDiagnostics.FloatCoercedTag, "app:58467965")]
    [InlineData("1.23456789012e+11.dkr.ecr.us-east-2.amazonaws.com/app:1", ParserDiagnostics.FloatCoercedHost, "123456789012.dkr.ecr.us-east-2.amazonaws.com/app:1")]
    [InlineData("x:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ParserDiagnostics.DigestInTagSlot, "x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef:v1", ParserDiagnostics.DigestBeforeTag, "x:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("x@0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ParserDiagnostics.DigestMissingAlgorithm, "x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("docker://alpine:3.20", ParserDiagnostics.TransportPrefix, "alpine:3.20")]
    [InlineData("https://quay.io/fedora/python-313", ParserDiagnostics.UrlScheme, "quay.io/fedora/python-313")]
    [InlineData("containers-storage:localhost/app:1", ParserDiagnostics.TransportPrefix, "localhost/app:1")]
    [InlineData("nginx:${TAG:-1.27}", ParserDiagnostics.UnexpandedVariable, "nginx:1.27")]
    [InlineData("owasp/dependency\u2013track", ParserDiagnostics.NonAsciiCharacter, "owasp/dependency-track")]
    [InlineData("\uff4e\uff47\uff49\uff4e\uff58:1", ParserDiagnostics.NonAsciiCharacter, "nginx:1")]
    [InlineData("nginx:1.27\u00a0", ParserDiagnostics.TrailingWhitespace, "nginx:1.27")]
    [InlineData("act-test-:latest", ParserDiagnostics.NameEndsWithSeparator, "act-test:latest")]
    [InlineData("gcr.io//app", ParserDiagnostics.EmptyPathComponent, "gcr.io/app")]
    [InlineData("nginx:", ParserDiagnostics.EmptyTag, "nginx")]
    [InlineData("a___b", ParserDiagnostics.InvalidSeparator, "a_b")]
    [InlineData("Docker.io/library/nginx", ParserDiagnostics.RegistryUppercase, "docker.io/library/nginx")]
    [InlineData("acme/app:2.0240514E7", ParserDiagnostics.TagLooksFloatCoerced, "acme/app:20240514")]
    [InlineData("nginx:1.27", ParserDiagnostics.ShortName, "docker.io/library/nginx:1.27")]
    [InlineData("images:ubuntu/24.04", ParserDiagnostics.PortNotNumeric, "docker.io/library/ubuntu:24.04")]
    [InlineData("\"nginx:1.27\"", ParserDiagnostics.QuotedValue, "nginx:1.27")]
    [InlineData("docker pull nginx:1.27", ParserDiagnostics.PastedText, "nginx:1.27")]
    [InlineData("image: ghcr.io/acme/api:1.0", ParserDiagnostics.PastedText, "ghcr.io/acme/api:1.0")]
    [InlineData("Docker.io/Library/Nginx:1.27", ParserDiagnostics.PathUppercase, "docker.io/library/nginx:1.27")]
    public void Analyze_TypicalMistake_SuggestsTheCorrection(string input, string code, string expected)
    {
        var result = new ReferenceParser().Analyze(input);
        var diagnostic = result.Diagnostics.FirstOrDefault(d => d.Code == code);
        Assert.True(diagnostic is not null, Corpus.FieldCaseTests.Report(result));
        Assert.Contains(expected, diagnostic.Suggestions.Select(s => s.Reference));
    }

    [Theory]
    [InlineData("neo4j:neo4j:4.4", "neo4j:4.4")]
    public void Analyze_NameTypedTwice_SuggestsDroppingTheRepeatFirst(string input, string expected)
    {
        var diagnostic = new ReferenceParser().Analyze(input).Diagnostics.Single(d => d.Code == ParserDiagnostics.TagContainsColon);
        Assert.Equal(expected, diagnostic.Suggestions[0].Reference);
    }

    [Theory]
    [InlineData("ghcr.io/acme/api:sha-${{ github.sha }}")]
    [InlineData("ghcr.io/${{ github.repository_owner }}/api:1.0.0")]
    public void Analyze_GitHubActionsExpression_IsAnUnrenderedTemplateNamingIt(string input)
    {
        var diagnostic = Assert.Single(new ReferenceParser().Analyze(input).Diagnostics, d => d.Code == ParserDiagnostics.TemplateExpression);
        Assert.Contains("${{ github.", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_UppercaseOwner_IsOnlyLowercasedNeverSplitIntoWords()
    {
        var result = new ReferenceParser().Analyze("ghcr.io/MyOrg/my-app:1.2.3");
        Assert.Equal(["ghcr.io/myorg/my-app:1.2.3"], result.Diagnostics.Single(d => d.Code == ParserDiagnostics.PathUppercase).Suggestions.Select(s => s.Reference));
    }

    [Theory]
    [InlineData("myregistry.azurecr.io/polykube-aspnet-api-nginx:5.8467965e807")]
    [InlineData("app:1.5e128")]
    public void Analyze_FloatTagWhoseNumberIsTooLongForATag_IsReportedWithoutASuggestion(string input)
    {
        // Found by the property test: 5.8467965e807 stands for an 808-digit number, which no tag can hold.
        var diagnostic = new ReferenceParser().Analyze(input).Diagnostics.Single(d => d.Code == ParserDiagnostics.TagLooksFloatCoerced);
        Assert.Empty(diagnostic.Suggestions);
    }

    [Fact]
    public void Analyze_FloatTagWhoseNumberFitsATag_SuggestsIt()
    {
        // 1.5e127 is 128 digits long, as long as a tag may be: it is still suggested (1.5e128, one digit more, is not).
        var diagnostic = new ReferenceParser().Analyze("app:1.5e127").Diagnostics.Single(d => d.Code == ParserDiagnostics.TagLooksFloatCoerced);
        Assert.Equal("app:15" + new string('0', 126), Assert.Single(diagnostic.Suggestions).Reference);
    }

    [Fact]
    public void Analyze_SpaceInsideTag_IsNotTakenForAPastedCommand()
    {
        Assert.DoesNotContain(new ReferenceParser().Analyze("nginx:lat est").Diagnostics, d => d.Code == ParserDiagnostics.PastedText);
    }

    [Fact]
    public void Analyze_SeveralProblems_ReportsEveryOneInInputOrder()
    {
        var result = new ReferenceParser().Analyze(" ghcr.io/Acme//app-:v1/x+y ");
        var codes = result.Diagnostics.Select(d => d.Code).ToList();
        Assert.Equal(
            [ParserDiagnostics.LeadingWhitespace, ParserDiagnostics.PathUppercase, ParserDiagnostics.EmptyPathComponent, ParserDiagnostics.NameEndsWithSeparator, ParserDiagnostics.TagContainsSlash, ParserDiagnostics.TagBuildMetadata, ParserDiagnostics.TrailingWhitespace],
            codes);
        Assert.Equal(result.Diagnostics.Select(d => d.Span!.Value.Start).Order(), result.Diagnostics.Select(d => d.Span!.Value.Start));
        Assert.Contains("ghcr.io/acme/app:v1-x-y", result.Diagnostics.SelectMany(d => d.Suggestions).Select(s => s.Reference));
    }
}
