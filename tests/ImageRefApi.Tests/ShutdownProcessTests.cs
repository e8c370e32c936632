using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ImageRefApi.Tests;

/// <summary>
/// The real service as a separate process on a real socket (Kestrel, not the test server), stopped with SIGTERM as
/// Kubernetes or <c>docker stop</c> would: readiness turns 503 first, an in-flight request still completes, the
/// process exits 0. Also checks the headers only Kestrel can show (no Server header).
/// </summary>
public sealed partial class ShutdownProcessTests
{
    [Fact]
    public async Task Sigterm_RequestInFlight_ReadinessTurns503ThenRequestCompletesThenExitZero()
    {
        using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["Api__ShutdownDelaySeconds"] = "2",
            ["Api__ShutdownTimeoutSeconds"] = "15",
        });
        var address = await service.WaitForAddress(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.False(ready.Headers.Contains("Server"), "Kestrel sent a Server header");
            Assert.Equal(["nosniff"], ready.Headers.GetValues("X-Content-Type-Options"));
        }

        // The body arrives in two parts, 4 s apart: still in flight when the 2 s drain ends and Kestrel stops.
        using var slowBody = new PausedContent("{\"reference\":\"nginx:1.27\"}", TimeSpan.FromSeconds(4));
        var inFlight = client.PostAsync("/v1/references/validate", slowBody);
        await slowBody.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(10));

        service.Terminate();
        var readinessDuringDrain = await PollReadiness(client, TimeSpan.FromSeconds(2));
        using var response = await inFlight;
        var exited = await service.WaitForExit(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readinessDuringDrain);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"valid\":true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(exited, "the process did not exit after SIGTERM\n" + service.Output);
        Assert.Equal(0, service.ExitCode);
    }

    private static async Task<HttpStatusCode?> PollReadiness(HttpClient client, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            using var ready = await client.GetAsync("/health/ready");
            if (ready.StatusCode != HttpStatusCode.OK)
            {
                return ready.StatusCode;
            }

            await Task.Delay(50);
        }

        return null;
    }

    /// <summary>The first byte at once, the rest after a pause.</summary>
    private sealed class PausedContent : HttpContent
    {
        private readonly byte[] bytes;
        private readonly TimeSpan pause;
        private readonly TaskCompletionSource firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PausedContent(string json, TimeSpan pause)
        {
            bytes = Encoding.UTF8.GetBytes(json);
            this.pause = pause;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        public Task FirstPartSent => firstPartSent.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, 1));
            await stream.FlushAsync();
            firstPartSent.TrySetResult();
            await Task.Delay(pause);
            await stream.WriteAsync(bytes.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    /// <summary><c>dotnet ImageRefApi.dll</c> from the test output, on a free loopback port.</summary>
    private sealed partial class ServiceProcess : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly TaskCompletionSource<Uri> address = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ServiceProcess(Process process) => this.process = process;

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public int ExitCode => process.ExitCode;

        public static ServiceProcess Start(IReadOnlyDictionary<string, string> environment)
        {
            var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ImageRefApi.dll")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            info.Environment["Serilog__ConsoleFormat"] = "text";
            info.Environment["RateLimiting__Enabled"] = "false";
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            var service = new ServiceProcess(new Process { StartInfo = info });
            service.process.OutputDataReceived += (_, e) => service.Read(e.Data);
            service.process.ErrorDataReceived += (_, e) => service.Read(e.Data);
            service.process.Start();
            service.process.BeginOutputReadLine();
            service.process.BeginErrorReadLine();
            return service;
        }

        public async Task<Uri> WaitForAddress(TimeSpan timeout)
        {
            try
            {
                return await address.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("the service did not report its address:\n" + Output);
            }
        }

        /// <summary>SIGTERM, as an orchestrator sends it (Process.Kill would be SIGKILL).</summary>
        public void Terminate()
        {
            // The shell's built-in kill: no dependency on a kill binary (procps) being installed.
            using var kill = Process.Start("/bin/sh", ["-c", "kill -TERM " + process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        public async Task<bool> WaitForExit(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        private void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (ListeningOn().Match(line) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex ListeningOn();
    }
}
