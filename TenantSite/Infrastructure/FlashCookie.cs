using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace TenantSite.Infrastructure;

/// <summary>
/// TempData in its cookie (the flash after a redirect), as MVC keeps it, less one header. The layout reads the flash on
/// every page, and MVC's provider answers every read that found nothing with an expired <c>Set-Cookie</c>, even when
/// the request carried no cookie to delete: that header went out on every page. It now goes out only when there is a
/// cookie to delete.
/// </summary>
internal sealed class FlashCookie(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    private readonly string _name = options.Value.Cookie.Name!;

    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(_name)) return;
        cookies.SaveTempData(context, values);
    }
}
