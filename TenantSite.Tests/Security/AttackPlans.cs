namespace TenantSite.Tests.Security;

/// <summary>
/// Turns the corpus and the discovered surfaces into requests. Surfaces of one shape (the same form in host and path
/// mode, on every row) are attacked as one; the entries a shape gets rotate over its instances (the mode, plain form
/// and htmx) and its slots (fields, the handler, ids), so every slot gets entries of every kind. Every form gets every
/// [value] and every [token]; the checks that live in one place for all requests (content types, bodies, queries,
/// methods) and the GET addresses get a share, each entry going to several surfaces. That keeps the corpus at a few
/// thousand requests.
/// </summary>
public static class AttackPlans
{
    private const string FormType = "application/x-www-form-urlencoded";
    private const string TokenField = "__RequestVerificationToken";

    /// <summary>A GET address or a structural entry goes to one surface in this many.</summary>
    private const int Share = 4;

    private enum SlotKind { Text, Handler, Id, Route }

    private sealed record Slot(SlotKind Kind, string Name, int Index = -1);

    /// <summary>Every [value] in a slot of every form, every [id] in every id (and each id and the handler left out).</summary>
    public static IEnumerable<Attack> FormValues(HostileInputs inputs, IEnumerable<FormSurface> forms)
    {
        foreach (var (shape, instances, n) in Shapes(forms, f => f.Shape))
        {
            var first = instances[0];
            var slots = first.Fields.Where(f => f.Key != TokenField).Select(f => new Slot(SlotKind.Text, f.Key))
                .Concat(QuerySlots(first.Query, post: true)).Concat(RouteSlots(first.Path)).ToList();
            if (slots.Count == 0) continue;
            var values = inputs["value"];
            var attacks = values.Select((input, k) => FormAttack(input, instances[k % instances.Count], k / instances.Count % 2 == 1, slots[(k + n) % slots.Count]))
                .Concat(slots.Where(s => s.Kind is SlotKind.Id or SlotKind.Route).SelectMany(slot => inputs["id"].Select((input, k) =>
                    FormAttack(input, instances[k % instances.Count], k / instances.Count % 2 == 1, slot))))
                .Concat(slots.Where(s => s.Kind is SlotKind.Id or SlotKind.Handler).Select(slot =>
                    FormAttack(new HostileInput("id", "missing", @"\none"), first, htmx: false, slot)));
            foreach (var attack in attacks.OfType<Attack>()) yield return attack;
        }
    }

    /// <summary>
    /// Every [token] on every form; [content-type], [body], [query] and [method] entries on a share of the forms. Every
    /// one must be refused.
    /// </summary>
    public static IEnumerable<Attack> FormStructure(HostileInputs inputs, IEnumerable<FormSurface> forms, Func<FormSurface, string> otherToken)
    {
        foreach (var (shape, instances, n) in Shapes(forms, f => f.Shape))
        {
            for (var k = 0; k < inputs["token"].Count; k++)
            {
                var input = inputs["token"][k];
                var form = instances[k % instances.Count];
                var antiforgery = form.Session.CookiesFor(form.Host).Keys.First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
                (string? token, Func<string, bool>? sendCookie) = input.Written switch
                {
                    @"\none" => ((string?)null, (Func<string, bool>?)null),
                    @"\other-session" => (otherToken(form), null),
                    @"\no-cookie" => (form.Token, cookie => cookie != antiforgery),
                    @"\cookie-value" => (form.Session.CookiesFor(form.Host)[antiforgery], null),
                    _ => (input.Value(form.Token), null),
                };
                yield return Build(input, form, Htmx(form, k, instances.Count), form.Fields, form.Query, form.Path, token) with { SendCookie = sendCookie };
            }
            var k2 = 0;
            foreach (var input in Shared(inputs["content-type"].Concat(inputs["body"]).Concat(inputs["query"]).Concat(inputs["method"]), n))
            {
                var form = instances[k2 % instances.Count];
                var htmx = Htmx(form, k2++, instances.Count);
                yield return input.Section switch
                {
                    "content-type" => Build(input, form, htmx, form.Fields, form.Query, form.Path, form.Token, contentType: input.IsNone ? null : input.Value()),
                    "body" => Build(input, form, htmx, form.Fields, form.Query, form.Path, form.Token, extraBody: input.Value()),
                    "query" => Build(input, form, htmx, form.Fields, form.Query, form.Path, form.Token, extraQuery: input.Value()),
                    // With the token in the header, as an htmx request with another verb sends it.
                    _ => Build(input, form, form.Htmx, form.Fields, form.Query, form.Path, form.Token, method: input.Value()),
                };
            }
        }
    }

    /// <summary>A share of [value] in the query parameters (and the id in the path) of every GET address, [id] in every
    /// id in a path, and a share of [query].</summary>
    public static IEnumerable<Attack> LinkValues(HostileInputs inputs, IEnumerable<LinkSurface> links)
    {
        foreach (var (shape, instances, n) in Shapes(links, l => l.Shape))
        {
            var slots = QuerySlots(instances[0].Query, post: false).Concat(RouteSlots(instances[0].Path)).ToList();
            var k = 0;
            foreach (var input in Shared(inputs["value"], n))
            {
                var slot = slots[(k + n) % slots.Count];
                var attack = LinkAttack(input, instances[k++ % instances.Count], slot);
                if (attack is not null) yield return attack;
            }
            foreach (var slot in slots.Where(s => s.Kind == SlotKind.Route))
            {
                foreach (var input in inputs["id"])
                {
                    if (LinkAttack(input, instances[0], slot) is { } attack) yield return attack;
                }
            }
            k = 0;
            foreach (var input in Shared(inputs["query"], n))
            {
                var link = instances[k++ % instances.Count];
                var query = string.Join('&', link.Query.Select(Pair).Append(input.Value()));
                yield return new Attack(input, shape, link.Session, Get(link, link.Path, query), input.Value(), MustRefuse: true);
            }
        }
    }

    private static Attack? FormAttack(HostileInput input, FormSurface form, bool htmx, Slot slot)
    {
        var original = slot.Kind == SlotKind.Text ? form.Fields.First(f => f.Key == slot.Name).Value : OriginalIn(form.Query, form.Path, slot);
        var value = input.IsNone ? null : input.Value(original);
        if (!Sendable(slot, value)) return null;
        var fields = slot.Kind == SlotKind.Text ? Replace(form.Fields, slot.Name, value) : form.Fields;
        var query = slot.Kind is SlotKind.Id or SlotKind.Handler ? Replace(form.Query, slot.Name, value) : form.Query;
        var path = slot.Kind == SlotKind.Route ? ReplaceSegment(form.Path, slot.Index, value ?? "") : form.Path;
        var attack = Build(input, form, htmx && form.Htmx, fields, query, path, form.Token);
        // A field's value may be saved (a project named "<b>"); an id or a handler name that is not one must be refused.
        return attack with { Payload = value ?? "", MustRefuse = slot.Kind != SlotKind.Text, Target = $"{form.Shape} [{slot.Name}]" };
    }

    private static Attack? LinkAttack(HostileInput input, LinkSurface link, Slot slot)
    {
        var value = input.Value(OriginalIn(link.Query, link.Path, slot));
        if (!Sendable(slot, value)) return null;
        var query = slot.Kind == SlotKind.Route ? link.Query : Replace(link.Query, slot.Name, value);
        var path = slot.Kind == SlotKind.Route ? ReplaceSegment(link.Path, slot.Index, value) : link.Path;
        return new Attack(input, $"{link.Shape} [{slot.Name}]", link.Session, Get(link, path, string.Join('&', query.Select(Pair))), value,
            MustRefuse: slot.Kind is SlotKind.Id or SlotKind.Route);
    }

    private static Attack Build(HostileInput input, FormSurface form, bool htmx, IEnumerable<KeyValuePair<string, string>> fields,
        IEnumerable<KeyValuePair<string, string>> query, string path, string? token, string? contentType = FormType,
        string? extraBody = null, string? extraQuery = null, string method = "POST")
    {
        var body = fields.Where(f => f.Key != TokenField).Select(Pair).ToList();
        if (token is not null && form.Fields.Any(f => f.Key == TokenField)) body.Add(Pair(new(TokenField, token)));
        if (extraBody is not null) body.Add(extraBody);
        var headers = new List<KeyValuePair<string, string>>();
        if (htmx)
        {
            headers.Add(new("HX-Request", "true"));
            if (token is not null) headers.Add(new("RequestVerificationToken", token));
        }
        var queryText = string.Join('&', query.Select(Pair).Concat(extraQuery is null ? [] : [extraQuery]));
        var request = new RawRequest(method, form.Host, path, queryText, contentType, string.Join('&', body), headers);
        return new Attack(input, form.Shape, form.Session, request, extraBody ?? extraQuery ?? token ?? "", MustRefuse: true);
    }

    private static RawRequest Get(LinkSurface link, string path, string query) =>
        new("GET", link.Host, path, query, Headers: link.Htmx ? [new("HX-Request", "true")] : []);

    // Shapes in a fixed order, each with its instances (one per mode) and its position, which offsets the rotations.
    private static IEnumerable<(string Shape, IReadOnlyList<T> Instances, int Position)> Shapes<T>(IEnumerable<T> surfaces, Func<T, string> shape) =>
        surfaces.GroupBy(shape).OrderBy(g => g.Key, StringComparer.Ordinal).Select((g, n) => (g.Key, (IReadOnlyList<T>)g.ToList(), n));

    // The entries the shape at position n gets: one in every Share, a different one for each position.
    private static IEnumerable<HostileInput> Shared(IEnumerable<HostileInput> entries, int n) => entries.Where((_, i) => (i + n) % Share == 0);

    // POST: the handler and the ids (the other query values only shape the answer, and are attacked through the GET
    // addresses that carry them: a corpus entry there would not stop a toggle or a delete). GET: every parameter.
    private static IEnumerable<Slot> QuerySlots(IEnumerable<KeyValuePair<string, string>> query, bool post) => query
        .Where(q => !post || q.Key == "handler" || Guid.TryParse(q.Value, out _))
        .Select(q => new Slot(Guid.TryParse(q.Value, out _) ? SlotKind.Id : post ? SlotKind.Handler : SlotKind.Text, q.Key));

    private static IEnumerable<Slot> RouteSlots(string path) => path.Split('/')
        .Select((segment, index) => (segment, index)).Where(s => Guid.TryParse(s.segment, out _))
        .Select(s => new Slot(SlotKind.Route, "path segment " + s.index, s.index));

    // The server refuses a NUL in a path before the app sees it (and TestServer cannot carry one).
    private static bool Sendable(Slot slot, string? value) => slot.Kind != SlotKind.Route || value?.Contains('\0') != true;

    private static bool Htmx(FormSurface form, int k, int instances) => form.Htmx && k / instances % 2 == 1;

    private static string OriginalIn(IEnumerable<KeyValuePair<string, string>> query, string path, Slot slot) => slot.Kind == SlotKind.Route
        ? path.Split('/')[slot.Index]
        : query.First(q => q.Key == slot.Name).Value;

    private static List<KeyValuePair<string, string>> Replace(IEnumerable<KeyValuePair<string, string>> pairs, string name, string? value) =>
        pairs.Where(p => p.Key != name || value is not null).Select(p => p.Key == name ? new KeyValuePair<string, string>(name, value!) : p).ToList();

    private static string ReplaceSegment(string path, int index, string value)
    {
        var segments = path.Split('/');
        segments[index] = HostileInputs.Encode(value);
        return string.Join('/', segments);
    }

    private static string Pair(KeyValuePair<string, string> pair) => $"{HostileInputs.Encode(pair.Key)}={HostileInputs.Encode(pair.Value)}";
}
