using System.Net;
using System.Net.Sockets;

namespace ImageRefApi.Core.Resolution;

/// <summary>Thrown from the connect callback when every address of a host is refused by <see cref="AddressPolicy"/>.</summary>
internal sealed class AddressRefusedException : Exception
{
    public AddressRefusedException(string host, IReadOnlyList<IPAddress> addresses)
        : base($"'{host}' resolves only to refused addresses ({string.Join(", ", addresses)}).")
    {
        Host = host;
    }

    public AddressRefusedException()
    {
        Host = string.Empty;
    }

    public AddressRefusedException(string message)
        : base(message)
    {
        Host = string.Empty;
    }

    public AddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Host = string.Empty;
    }

    public string Host { get; }
}

/// <summary>
/// Builds the HTTP handler used for every registry call. The address check happens in
/// <see cref="SocketsHttpHandler.ConnectCallback"/>: the host is resolved once, each address is classified,
/// and the socket connects to that same checked address, so DNS rebinding between check and connect is impossible.
/// </summary>
internal static class GuardedConnector
{
    public static SocketsHttpHandler CreateHandler(ResolutionOptions options)
    {
        var allowPrivate = options.AllowPrivateNetworks;
        return new SocketsHttpHandler
        {
            // Redirects are followed by RegistryClient, which checks each target against the allow-list.
            AllowAutoRedirect = false,

            // A proxy would connect on our behalf and bypass the address check.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.ConnectTimeoutSeconds, options.TimeoutSeconds)),
            MaxResponseHeadersLength = 64,
            MaxResponseDrainSize = 64 * 1024,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
        };
    }

    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var host = endPoint.Host;
        var literal = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        IPAddress[] addresses = IPAddress.TryParse(literal, out var ip)
            ? [ip]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

        Exception? lastError = null;
        var anyAllowed = false;
        foreach (var address in addresses)
        {
            if (!AddressPolicy.IsAllowed(address, allowPrivateNetworks))
            {
                continue;
            }

            anyAllowed = true;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (!anyAllowed)
        {
            throw new AddressRefusedException(host, addresses);
        }

        throw lastError ?? new SocketException((int)SocketError.HostNotFound);
    }
}
