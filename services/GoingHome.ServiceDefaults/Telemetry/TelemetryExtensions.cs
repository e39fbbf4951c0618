using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GoingHome.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The activity source and meter the suite's own code (outbox, consumers) reports through.</summary>
    public const string SourceName = "GoingHome";

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry; exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set,
    /// as the Aspire dashboard and any collector expect.
    /// </summary>
    public static IHostApplicationBuilder AddGoingHomeTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SourceName, "Grpc.AspNetCore.Server", "Grpc.Net.Client"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, SourceName, "Npgsql")
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
