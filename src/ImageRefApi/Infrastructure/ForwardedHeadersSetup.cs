using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Infrastructure;

/// <summary>
/// Whether and from whom to trust <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c>, bound from the
/// <c>ForwardedHeaders</c> section. Off by default: anyone can send these headers, so trusting them from an
/// unknown peer would let a client choose its own rate-limit partition and forge the address in the log.
/// </summary>
internal sealed class ForwardedHeadersSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ForwardedHeaders";

    /// <summary>Whether the headers are read at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose headers are trusted (loopback only when none is given).</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of the proxies whose headers are trusted.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxy hops to unwind from the right of <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Why the settings are unusable, or null.</summary>
    public string? Problem()
    {
        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                return $"{Section}:KnownProxies: '{proxy}' is not an IP address.";
            }
        }

        foreach (var network in KnownNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                return $"{Section}:KnownNetworks: '{network}' is not a network in CIDR notation.";
            }
        }

        return ForwardLimit < 1 ? $"{Section}:ForwardLimit must be at least 1." : null;
    }
}

/// <summary>Registers and applies <see cref="ForwardedHeadersSettings"/>.</summary>
internal static class ForwardedHeadersSetup
{
    /// <summary>Binds the settings (checked at start) and configures the framework's forwarded-headers options.</summary>
    public static IServiceCollection AddApiForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.Section))
            .Validate(s => s.Problem() is null, "Invalid ForwardedHeaders settings.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            var s = settings.Value;
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = s.ForwardLimit;
            if (s.KnownProxies.Count + s.KnownNetworks.Count == 0 || s.Problem() is not null)
            {
                return; // the framework's default: only a proxy on loopback is trusted
            }

            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in s.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in s.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>Reads the headers when enabled; must come first so that logging and rate limiting see the client.</summary>
    public static WebApplication UseApiForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
