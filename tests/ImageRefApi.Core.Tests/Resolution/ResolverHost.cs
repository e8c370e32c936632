using ImageRefApi.Core.Resolution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>The real DI wiring (<see cref="ResolutionServiceCollectionExtensions.AddRegistryResolution"/>) over in-memory configuration.</summary>
internal sealed class ResolverHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public ResolverHost(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddRegistryResolution(configuration);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _ = _provider.GetRequiredService<IOptions<ResolutionOptions>>().Value; // runs the validator, as ValidateOnStart would
        Resolver = _provider.GetRequiredService<IRegistryResolver>();
    }

    public IRegistryResolver Resolver { get; }

    public IServiceProvider Services => _provider;

    /// <summary>Settings that enable resolution for one loopback registry over plain HTTP.</summary>
    public static Dictionary<string, string?> ForLoopback(string registry, int timeoutSeconds = 10) => new()
    {
        ["Resolution:Enabled"] = "true",
        ["Resolution:AllowedRegistries:0"] = registry,
        ["Resolution:InsecureRegistries:0"] = registry,
        ["Resolution:AllowPrivateNetworks"] = "true",
        ["Resolution:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public Task<ResolutionResult> ResolveAsync(string reference, string? platform = null) =>
        Resolver.ResolveAsync(ImageRefApi.Core.Parsing.ImageReference.Parse(reference), platform, CancellationToken.None);

    public void Dispose() => _provider.Dispose();
}
