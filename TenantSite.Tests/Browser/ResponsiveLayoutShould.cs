using System.Text.Json;
using Microsoft.Playwright;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Browser;

/// <summary>
/// The main pages (billing included) at a phone's, a tablet's and two desktop widths (360, 768, 1100 and 1280 px), light and dark: the page
/// never scrolls sideways (a wide table scrolls in its own box), no button or select is too narrow for its own text (the
/// member list's role select was cut to "ow" at 1100 px), no field in a group is too narrow for its placeholder (the
/// invitation's address was cut to "Their e" at 360 px), and every cell of a row is as tall as the row (an action cell
/// laid out as a flex box was not, and its borders did not line up). Dark mode gets axe's colour rules as well (all that
/// changes with the scheme); light mode has the whole of axe in AccessibilityShould.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ResponsiveLayoutShould(BrowserAppFactory app)
{
    private static readonly int[] Widths = [360, 768, 1100, 1280];

    private static readonly string Axe = File.ReadAllText(
        Path.Combine(DevIdp.RepositoryRoot(), "tools", "browser-tests", "node_modules", "axe-core", "axe.min.js"));

    // Every problem of the page as it is laid out now, one line each.
    private const string LayoutProblems = """
        () => {
          const problems = [];
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth > width + 1)
            problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px of content in ${width}px`);
          const measure = document.createElement('canvas').getContext('2d');
          const px = v => parseFloat(v) || 0;
          for (const control of document.querySelectorAll('select, button, input[type=submit]')) {
            const box = control.getBoundingClientRect();
            const style = getComputedStyle(control);
            if (box.width === 0 || style.visibility === 'hidden') continue;
            measure.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const text = control.tagName === 'SELECT' ? (control.selectedOptions[0]?.text ?? '') : control.innerText.trim();
            const needed = measure.measureText(text).width + px(style.paddingLeft) + px(style.paddingRight)
              + px(style.borderLeftWidth) + px(style.borderRightWidth);
            if (needed > box.width + 1)
              problems.push(`${control.tagName.toLowerCase()}${control.id ? '#' + control.id : ''} "${text}" needs ${Math.ceil(needed)}px, has ${Math.floor(box.width)}px`);
            // A wide table scrolls in its own box (.table-scroll): what is outside the window there is scrolled to, not lost.
            if (box.right > width + 1 && !control.closest('.table-scroll')) problems.push(`${control.tagName.toLowerCase()} "${text}" ends at ${Math.ceil(box.right)}px, beyond the window`);
          }
          // A field in a group shares its line with a select or a button: it must still show its whole placeholder
          // (the invitation's address was cut to "Their e" at 360 px).
          for (const field of document.querySelectorAll('fieldset[role=group] input[placeholder]')) {
            const box = field.getBoundingClientRect();
            const style = getComputedStyle(field);
            if (box.width === 0 || style.visibility === 'hidden') continue;
            measure.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const needed = measure.measureText(field.placeholder).width + px(style.paddingLeft) + px(style.paddingRight)
              + px(style.borderLeftWidth) + px(style.borderRightWidth);
            if (needed > box.width + 1)
              problems.push(`input${field.id ? '#' + field.id : ''} "${field.placeholder}" needs ${Math.ceil(needed)}px, has ${Math.floor(box.width)}px`);
          }
          for (const row of document.querySelectorAll('tbody tr')) {
            const height = row.getBoundingClientRect().height;
            for (const cell of row.cells)
              if (Math.abs(cell.getBoundingClientRect().height - height) > 1)
                problems.push(`a cell of row ${row.id || row.rowIndex} is ${Math.round(cell.getBoundingClientRect().height)}px tall in a ${Math.round(height)}px row`);
          }
          return problems;
        }
        """;

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task FitEveryMainPageAtEveryWidth(ColorScheme scheme)
    {
        var page = await app.NewPageAsync(colorScheme: scheme);
        var problems = new List<string>();
        // An open invitation on acme's members page (its table is the widest), and a link to an organization alice is
        // not in, for the page that link opens.
        await TestOrganizations.CreateInvitationLinkAsync(app.AdminConnectionString, app.Demo.Acme,
            $"a-rather-long-address-{scheme}-{Guid.NewGuid():N}@example.com".ToLowerInvariant(), "admin", app.Demo.Alice);
        var joinSlug = TestOrganizations.NewSlug("fit");
        var joinOrg = await TestOrganizations.CreateAsync(app.AdminConnectionString, joinSlug, (app.Demo.Carol, "owner"));
        var (_, joinToken) = await TestOrganizations.CreateInvitationLinkAsync(app.AdminConnectionString, joinOrg, "someone@example.com",
            "member", app.Demo.Carol);
        await BrowserAppFactory.Journey(page, $"layout-{scheme}", async () =>
        {
            await JourneyShould.SignInAsync(page, app.Url("acme.localhost", "/"), "alice");
            var project = await page.GetAttributeAsync(".project-name >> nth=0", "href");
            foreach (var (name, url) in new[]
                     {
                         ("dashboard", app.Url("acme.localhost", "/")), ("project", app.Url("acme.localhost", project!)),
                         ("members", app.Url("acme.localhost", "/members")), ("settings", app.Url("acme.localhost", "/settings")),
                         ("billing", app.Url("acme.localhost", "/billing")), ("activity", app.Url("acme.localhost", "/activity")),
                         ("path-mode-dashboard", app.Url("localhost", "/org/acme/")), ("landing", app.Url("localhost", "/")),
                         ("onboarding", app.Url("localhost", "/onboarding")), ("invitations", app.Url("localhost", "/invitations")),
                         ("join", app.Url("localhost", $"/join/{joinSlug}/{joinToken}")),
                         ("not-found", app.Url("acme.localhost", "/no-such-page")),
                     })
            {
                await page.GotoAsync(url);
                foreach (var width in Widths)
                {
                    await page.SetViewportSizeAsync(width, 860);
                    var found = await page.EvaluateAsync<string[]>(LayoutProblems);
                    problems.AddRange(found.Select(p => $"{name} at {width}px ({scheme}): {p}"));
                    // One picture per scheme of the narrowest members page, the widest table (a failure saves its own).
                    if (name == "members" && width == 360) await BrowserAppFactory.Snapshot(page, $"layout-{scheme}-members-360".ToLowerInvariant());
                }
                if (scheme == ColorScheme.Dark)
                {
                    await page.SetViewportSizeAsync(1280, 860);
                    await page.EvaluateAsync(Axe);
                    var violations = await page.EvaluateAsync<JsonElement>(
                        "async () => (await axe.run(document, { runOnly: ['color-contrast', 'link-in-text-block'], resultTypes: ['violations'] })).violations" +
                        ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
                        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
                    problems.AddRange(violations.EnumerateArray().Select(v => $"{name} (dark, axe): {v.GetString()}"));
                }
            }
        });
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
