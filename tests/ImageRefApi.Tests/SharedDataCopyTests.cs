namespace ImageRefApi.Tests;

/// <summary>The copies under tests/TestData must stay byte-identical to ../shared when that folder exists.</summary>
public sealed class SharedDataCopyTests
{
    public static TheoryData<string> Files => new()
    {
        "corpus/conformance.jsonl",
        "corpus/realistic-10k.jsonl",
        "corpus/field-cases.jsonl",
        "corpus/README.md",
        "schemas/sarif-schema-2.1.0.json",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void TestDataCopy_WhenSharedFolderExists_IsByteIdentical(string relative)
    {
        var root = RepositoryRoot();
        var copy = Path.Combine(root, "tests", "TestData", relative);
        Assert.True(File.Exists(copy), $"missing copy {copy}");
        var shared = Path.Combine(Path.GetDirectoryName(root)!, "shared");
        if (!Directory.Exists(shared))
        {
            // A clone on its own (CI) has no ../shared: the copies are then the source of truth.
            return;
        }

        var original = Path.Combine(shared, relative);
        Assert.True(File.Exists(original), $"missing original {original}");
        Assert.True(File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{copy} differs from {original}; copy it again.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImageRefApi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ImageRefApi.sln above {AppContext.BaseDirectory}.");
    }
}
