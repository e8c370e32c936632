using ImageRefApi.Diagnostics;
using ImageRefApi.Health;
using ImageRefApi.Infrastructure;
using ImageRefApi.Policies;
using ImageRefApi.References;
using ImageRefApi.Scanning;

var builder = WebApplication.CreateBuilder(args);

builder.AddRootAppSettings();
builder.AddStructuredLogging();
builder.Services.AddApiOptions(builder.Configuration);
builder.AddRequestBodyLimit();
builder.AddProductionSetup();

builder.Services.AddApiJson();
builder.Services.AddApiProblemDetails();
builder.Services.AddReferenceParser(builder.Configuration);
builder.Services.AddReferencesApi(builder.Configuration);
builder.Services.AddPoliciesApi(builder.Configuration);
builder.Services.AddScanApi();
builder.Services.AddDiagnosticCatalog();
builder.Services.AddApiHealthChecks();
builder.Services.AddApiDocumentation();

var app = builder.Build();

app.UseProductionEdge();
app.UseStructuredRequestLogging();
app.UseApiErrorHandling();
app.UseRequestBodyLimit();
app.UseTrafficControl();
if (app.SwaggerEnabled())
{
    app.UseApiDocumentation();
}

app.MapReferencesApi();
app.MapPoliciesApi();
app.MapScanApi();
app.MapDiagnosticsApi();
app.MapApiHealthChecks();

app.Run();

/// <summary>The web host's entry point, public for WebApplicationFactory.</summary>
public partial class Program;
