namespace TenantSite.Infrastructure;

/// <summary>
/// Why a command wrote nothing. Pages and the API answer each kind in their own form from the same
/// <see cref="Refused"/>: pages in <c>HtmxPageModel</c> and their handlers, the API in <c>ApiProblems.For</c>.
/// </summary>
public enum Refusal
{
    /// <summary>The input breaks a rule; <see cref="Refused.Errors"/> say which, by field. Pages: 422 in place; API: 400.</summary>
    Invalid,

    /// <summary>No such row in this organization (another organization's is not found either). 404.</summary>
    NotFound,

    /// <summary>The acting member's or key's role does not allow it. 403.</summary>
    Forbidden,

    /// <summary>It changed after the client saw it; the change made meanwhile stays. Pages: 422 saying what it is now; API: 412.</summary>
    ChangedMeanwhile,

    /// <summary>The organization's plan allows no more. Pages: 422 with the way to a larger plan; API: 409.</summary>
    PlanLimit,

    /// <summary>The organization as it is does not allow it (its last owner, a member invited again). Pages: 422; API: 409.</summary>
    Conflict,
}

/// <summary>A problem with one field of a command, named as the command's property (<c>Name</c>, <c>Title</c>, …).</summary>
public sealed record FieldError(string Field, string Message)
{
    /// <summary>The field of a problem with the command as a whole (the API calls it <c>$</c>).</summary>
    public const string Whole = "";
}

/// <summary>A command's refusal: its kind, a sentence for people, and for <see cref="Refusal.Invalid"/> the fields.</summary>
public sealed record Refused(Refusal Kind, string Message, IReadOnlyList<FieldError> Errors)
{
    public const string ForbiddenMessage = "The role of this key or account does not allow that.";

    public static Refused Invalid(FieldError error) => new(Refusal.Invalid, error.Message, [error]);

    public static Refused Invalid(string field, string message) => Invalid(new FieldError(field, message));

    public static Refused NotFound(string message) => new(Refusal.NotFound, message, []);

    public static Refused Forbidden(string message = ForbiddenMessage) => new(Refusal.Forbidden, message, []);

    public static Refused ChangedMeanwhile(string message) => new(Refusal.ChangedMeanwhile, message, []);

    public static Refused PlanLimit(string message) => new(Refusal.PlanLimit, message, []);

    public static Refused Conflict(string message) => new(Refusal.Conflict, message, []);
}

/// <summary>
/// What a command answers: what it wrote, or why it wrote nothing (<see cref="Refused"/>). A handler returns either one
/// as it is; the caller checks <see cref="Refused"/> first.
/// </summary>
public sealed class Result<T> where T : notnull
{
    private readonly T? _value;

    private Result(T? value, Refused? refused) => (_value, Refused) = (value, refused);

    /// <summary>Why nothing was written; null when the command succeeded.</summary>
    public Refused? Refused { get; }

    /// <summary>What the command wrote (or, for a deletion, what it deleted).</summary>
    public T Value => Refused is null ? _value! : throw new InvalidOperationException($"The command was refused: {Refused.Message}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Refused refused) => new(default, refused);
}
