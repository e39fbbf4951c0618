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
    /// Traces, metrics and logs through OpenTelemetry, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (as
    /// the Aspire dashboard and any collector set it); logs always go to the console as well.
    /// </summary>
    public static IHostApplicationBuilder AddGoingHomeTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        // Without a collector there is no one to read traces and metrics, so the service does not pay to make them.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
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
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        return builder;
    }
}
