namespace TenantSite.Live;

/// <summary>
/// Live updates: database triggers NOTIFY on <see cref="LiveChange.Channel"/>, the app's one listener
/// (<see cref="DatabaseNotifications"/>) hands each notification to <see cref="LiveChanges"/>, which wakes the open
/// streams of that organization; pages subscribe through their <c>Live</c> handlers (<see cref="LiveStream"/>).
/// </summary>
public static class LiveExtensions
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveChanges>();
        services.AddSingleton<IChannelSubscription>(sp => sp.GetRequiredService<LiveChanges>());
        services.AddSingleton<LiveStream>();
        return services;
    }
}
