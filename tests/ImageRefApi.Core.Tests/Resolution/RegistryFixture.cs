namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>
/// Two real registries for the collection: an open one with the test images, and one behind htpasswd Basic auth.
/// Started lazily so that skipped tests never start a process; killed when the collection ends.
/// </summary>
public sealed class RegistryFixture : IDisposable
{
    public const string User = "ci-user";
    public const string Password = "ci-s3cret-pass";

    private readonly Lazy<Images> _open;
    private readonly Lazy<(RegistryProcess Registry, string Digest)> _secured;

    public RegistryFixture()
    {
        _open = new Lazy<Images>(() =>
        {
            var registry = RegistryProcess.Start();
            try
            {
                var a = registry.PushImage("team/app", "1.0", "a");
                registry.PushManifest("team/app", "v1.25.3", "application/vnd.oci.image.manifest.v1+json", registry.PrepareImage("team/app", "linux", "amd64", "a"));
                registry.PushManifest("team/app", "1.24.0", "application/vnd.oci.image.manifest.v1+json", registry.PrepareImage("team/app", "linux", "amd64", "a"));
                registry.PushManifest("team/app", "unrelated-name", "application/vnd.oci.image.manifest.v1+json", registry.PrepareImage("team/app", "linux", "amd64", "a"));
                var b = registry.PushImage("team/app", "moving", "b");
                var (index, amd, arm) = registry.PushIndex("team/multi", "2.0", "m");
                return new Images(registry, a, b, index, amd, arm);
            }
            catch
            {
                registry.Dispose();
                throw;
            }
        });
        _secured = new Lazy<(RegistryProcess, string)>(() =>
        {
            var registry = RegistryProcess.Start(User, Password);
            try
            {
                return (registry, registry.PushImage("private/app", "1.0", "secret"));
            }
            catch
            {
                registry.Dispose();
                throw;
            }
        });
    }

    public Images Open => _open.Value;

    public (RegistryProcess Registry, string Digest) Secured => _secured.Value;

    public void Dispose()
    {
        if (_open.IsValueCreated)
        {
            _open.Value.Registry.Dispose();
        }

        if (_secured.IsValueCreated)
        {
            _secured.Value.Registry.Dispose();
        }
    }

    /// <summary>The open registry and the digests of what the fixture pushed.</summary>
    /// <param name="Registry">The registry process.</param>
    /// <param name="DigestA">team/app:1.0, :v1.25.3, :1.24.0, :unrelated-name (same content).</param>
    /// <param name="DigestB">team/app:moving.</param>
    /// <param name="IndexDigest">team/multi:2.0 (linux/amd64 + linux/arm64/v8).</param>
    /// <param name="AmdDigest">The amd64 manifest of the index.</param>
    /// <param name="ArmDigest">The arm64 manifest of the index.</param>
    public sealed record Images(RegistryProcess Registry, string DigestA, string DigestB, string IndexDigest, string AmdDigest, string ArmDigest);
}

[CollectionDefinition(Name)]
public sealed class RegistryCollectionDefinition : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
