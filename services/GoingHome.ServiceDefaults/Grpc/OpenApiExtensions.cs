using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi.Models;

namespace GoingHome.ServiceDefaults.Grpc;

public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>An OpenAPI document of the service's JSON routes, generated from the protos' google.api.http options.</summary>
    public static IServiceCollection AddGoingHomeOpenApi(this IServiceCollection services, string serviceName)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo { Title = $"GoingHome {serviceName}", Version = DocumentName });
            // The proto comments, which protoc copies into the contracts' XML documentation.
            var comments = Path.ChangeExtension(typeof(GoingHome.Audit.V1.AccessRecord).Assembly.Location, ".xml");
            if (File.Exists(comments))
            {
                options.IncludeGrpcXmlComments(comments, includeControllerXmlComments: true);
            }
        });
        return services;
    }

    /// <summary>
    /// Serves the document at <see cref="DocumentPath"/> without a token: it describes only the published contracts,
    /// while every route it lists still needs one.
    /// </summary>
    public static IEndpointConventionBuilder MapGoingHomeOpenApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapSwagger("/openapi/{documentName}.json").AllowAnonymous();
}
