using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>
/// A minimal HTTP/1.1 server on a loopback address that answers each request with a scripted raw response,
/// or never answers (handler returns null). Counts connections so tests can prove nothing was contacted.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, string?> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<TcpClient> _clients = [];
    private int _connections;
    private int _firstByte = -1;

    public LoopbackServer(Func<string, string?> handler, string address = "127.0.0.1")
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Parse(address), 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptLoopAsync();
    }

    public int Port { get; }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The first byte any client sent (0x16 for a TLS handshake, 'G'/'H' for HTTP), or -1.</summary>
    public int FirstByte => Volatile.Read(ref _firstByte);

    public static string Response(int status, string reason, IEnumerable<string> headers, string body = "") =>
        $"HTTP/1.1 {status} {reason}\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var c in _clients)
            {
                c.Dispose();
            }
        }

        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var buffer = new byte[8192];
            while (!_stop.IsCancellationRequested)
            {
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    Interlocked.CompareExchange(ref _firstByte, buffer[0], -1);

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var requestLine = head.ToString()[..head.ToString().IndexOf('\r', StringComparison.Ordinal)];
                var response = _handler(requestLine);
                if (response is null)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token); // accept, never answer
                    return;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // Connection ended.
        }
    }
}
