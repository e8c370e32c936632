using System.Text;
using ImageRefApi.Core.Scanning;
using static ImageRefApi.Core.Tests.Scanning.ScanHelper;

namespace ImageRefApi.Core.Tests.Scanning;

/// <summary>Small files built to exhaust the scanner: each must end in a diagnostic, not a crash or gigabytes.</summary>
public sealed class HostileContentTests
{
    [Theory]
    [InlineData(ScanKind.Dockerfile, "ARG X=", "\nFROM a:$X\n")]
    [InlineData(ScanKind.Dockerfile, "FROM a:", "\n")]
    [InlineData(ScanKind.Compose, "services:\n  a:\n    image: \"", "\"\n")]
    public void Scan_SubstitutionsNestedThirtyThousandDeep_IsADiagnosticNotAStackOverflow(ScanKind kind, string before, string after)
    {
        var content = before + new StringBuilder().Insert(0, "${X:-", 30_000) + after;
        var report = Scan(kind, content);
        Assert.NotEmpty(report.Diagnostics);
        Assert.All(report.Findings, f => Assert.Null(f.Resolved));
    }

    [Fact]
    public void Scan_ArgsThatDoubleAtEachStep_StopAtTheExpansionLimit()
    {
        var content = new StringBuilder("ARG V0=abcdefgh\n");
        for (var i = 1; i < 60; i++)
        {
            content.Append("ARG V").Append(i).Append("=${V").Append(i - 1).Append("}${V").Append(i - 1).Append("}\n");
        }

        content.Append("FROM img:${V59}\n");
        var report = Scan(ScanKind.Dockerfile, content.ToString());
        var finding = Assert.Single(report.Findings);
        Assert.Null(finding.Resolved);
        Assert.Contains(report.Diagnostics, d => d.Diagnostic.Code == ScanDiagnostics.UnresolvedVariable);
    }
}
