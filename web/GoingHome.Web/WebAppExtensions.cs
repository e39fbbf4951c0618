namespace GoingHome.Web;

public static class WebAppExtensions
{
    public static IServiceCollection AddWebApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebAppOptions>().Bind(configuration.GetSection(WebAppOptions.Section));
        services.AddSingleton(ServiceAddresses.From(configuration));
        services.AddSingleton(TimeProvider.System);
        services.AddResponseCompression(options =>
        {
            // Only the app's own files are compressed (WebAppFiles): they hold no secret, so compression cannot leak
            // one (BREACH), whereas the development token endpoint's answers are left as they are.
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        return services;
    }
}
