using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TenantSite.Infrastructure;

/// <summary>
/// What <c>asp-for</c> and <c>asp-validation-for</c> take from the model state, for the forms written without tag
/// helpers: the create and add forms sit on every dashboard and project page, and their tag helpers were costly there
/// (bench/RESULTS.md).
/// </summary>
public static class FormFields
{
    /// <summary>What the field shows: what was posted when the form was refused, otherwise the model's value.</summary>
    public static string? ValueOf(this ModelStateDictionary modelState, string key, string? model) =>
        modelState.TryGetValue(key, out var entry) && entry.RawValue is not null ? entry.AttemptedValue : model;

    /// <summary>The field's first error message, or null when it has none.</summary>
    public static string? ErrorOf(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
