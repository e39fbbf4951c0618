namespace GoingHome.Web;

public static class WebAppExtensions
{
    public static IServiceCollection AddWebApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebAppOptions>().Bind(configuration.GetSection(WebAppOptions.Section));
        services.AddSingleton(ServiceAddresses.From(configuration));
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
