using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ImageRefApi.EndToEndTests;

/// <summary>
/// Swagger UI as a person uses it: the real service on Kestrel, Debian's Chromium driven by Playwright.
/// Few API requests on purpose (the service may rate-limit /v1/*); every wait is on a selector, never a sleep.
/// </summary>
public sealed class SwaggerUiTests(ITestOutputHelper output)
{
    private const float TimeoutMs = 20_000;

    // The flags the brief fixes for Debian's Chromium in a sandboxed, offline container.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [ChromiumFact]
    public async Task SwaggerUi_HuggingfaceExample_ShowsDiagnosticAndSuggestion()
    {
        Assert.True(
            File.Exists(ChromiumFactAttribute.ChromiumPath),
            $"CI is set but Chromium is missing at {ChromiumFactAttribute.ChromiumPath}: .ci/run installs it with 'apt-get install -y chromium'.");

        await using var factory = new KestrelApiFactory();
        var baseUri = factory.Start();
        output.WriteLine($"Service on {baseUri}");
        var hasScan = await DocumentHasPathAsync(baseUri, "/v1/scan");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = TimeoutMs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        page.SetDefaultTimeout(TimeoutMs);
        SetDefaultExpectTimeout(TimeoutMs);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        await page.GotoAsync(new Uri(baseUri, "/swagger").ToString());
        var shots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        var pageShot = Path.Combine(shots.FullName, "swagger-ui.png");
        var validateShot = Path.Combine(shots.FullName, "swagger-ui-validate.png");

        // The document's title, the how-to, and the links to the catalog and the policies.
        var info = page.Locator(".information-container");
        await Expect(info.Locator(".title").First).ToContainTextAsync("ImageRefApi");
        await Expect(info).ToContainTextAsync("Try it out");
        await Expect(info.Locator("a[href='/v1/diagnostics']")).ToBeVisibleAsync();
        await Expect(info.Locator("a[href='/v1/policies']")).ToBeVisibleAsync();
        await Expect(page.Locator("#operations-References-ValidateReference")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = pageShot });

        // Validate: expand, Try it out, pick the huggingface example, Execute.
        var validate = page.Locator("#operations-References-ValidateReference");
        await OpenAndTryAsync(validate);
        var requestBody = validate.Locator(".opblock-section-request-body");
        var examples = requestBody.Locator("select.examples-select-element");
        await examples.SelectOptionAsync(new SelectOptionValue { Value = "huggingface" });
        await Expect(requestBody.Locator("textarea.body-param__text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("huggingface-pytorch-training:xxxx:latest"));
        await validate.Locator("button.execute").ClickAsync();

        var validateResponse = validate.Locator(".live-responses-table .response");
        await Expect(validateResponse.Locator(".response-col_status").First).ToHaveTextAsync("200");
        var body = validateResponse.Locator(".highlight-code");
        await Expect(body).ToContainTextAsync("\"code\": \"TAG_CONTAINS_COLON\"");
        await Expect(body).ToContainTextAsync("\"severity\": \"error\"");
        await Expect(body).ToContainTextAsync("\"reference\": \"huggingface-pytorch-training:latest\"");

        await validate.ScreenshotAsync(new LocatorScreenshotOptions { Path = validateShot });
        output.WriteLine($"Screenshots: {pageShot} (the page as it opens) and {validateShot} (validate after Execute)");

        // Batch: its examples are there and the mixed batch comes back with totals.
        var batch = page.Locator("#operations-References-ValidateReferenceBatch");
        await OpenAndTryAsync(batch);
        var batchExamples = batch.Locator(".opblock-section-request-body select.examples-select-element");
        await Expect(batchExamples.Locator("option[value='inlinePolicy']")).ToHaveCountAsync(1);
        await batchExamples.SelectOptionAsync(new SelectOptionValue { Value = "mixed" });
        await batch.Locator("button.execute").ClickAsync();
        var batchBody = batch.Locator(".live-responses-table .response .highlight-code");
        await Expect(batchBody).ToContainTextAsync("\"total\": 4");

        // Scan: present once the scanning endpoint is mapped; then its Dockerfile example must fill the body.
        if (hasScan)
        {
            var scan = page.Locator(".opblock-post").Filter(new LocatorFilterOptions { Has = page.Locator(".opblock-summary-path[data-path='/v1/scan']") });
            await OpenAndTryAsync(scan);
            var scanBody = scan.Locator(".opblock-section-request-body");
            await scanBody.Locator("select.examples-select-element").SelectOptionAsync(new SelectOptionValue { Value = "dockerfile" });
            await Expect(scanBody.Locator("textarea.body-param__text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("FROM nginx:latest"));
        }
        else
        {
            output.WriteLine("POST /v1/scan is not in the OpenAPI document yet: the scan operation was not exercised.");
        }

        // Catalog: the code just seen is explained there.
        var catalog = page.Locator("#operations-Diagnostics-GetDiagnosticCatalog");
        await OpenAndTryAsync(catalog);
        await catalog.Locator("button.execute").ClickAsync();
        await Expect(catalog.Locator(".live-responses-table .response .highlight-code")).ToContainTextAsync("\"code\": \"TAG_CONTAINS_COLON\"");

        Assert.Empty(pageErrors);
    }

    private static async Task OpenAndTryAsync(ILocator operation)
    {
        await operation.Locator(".opblock-summary-control").ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();
        await Expect(operation.Locator("button.execute")).ToBeVisibleAsync();
    }

    private static async Task<bool> DocumentHasPathAsync(Uri baseUri, string path)
    {
        using var client = new HttpClient { BaseAddress = baseUri };
        var document = await client.GetFromJsonAsync<JsonObject>("/swagger/v1/swagger.json");
        return document?["paths"]?.AsObject().ContainsKey(path) == true;
    }
}
