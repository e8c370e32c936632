using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ImageRefApi.EndToEndTests;

/// <summary>
/// The real service on a real socket: Kestrel on a free loopback port (not the in-memory test server),
/// in Production, so a browser talks to it exactly as a person's would.
/// </summary>
public sealed class KestrelApiFactory : WebApplicationFactory<Program>
{
    public KestrelApiFactory() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>Starts the server and answers its address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Single());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment("Production");
}
