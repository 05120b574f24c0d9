namespace TenantSite.Org.Projects;

/// <summary>What the project commands say and check alike: the name's rules and the refusals' messages.</summary>
public static class ProjectRules
{
    public const string EnterName = "Enter a project name.";
    public const string NotFoundMessage = "No project with this id in this organization.";
    public const string ChangedMessage = "The project was changed by someone else meanwhile. Nothing was changed.";

    /// <summary>Why <paramref name="name"/> (trimmed) cannot be a project's name; null when it can.</summary>
    public static FieldError? CheckName(string name) => TextRules.OneLine(nameof(Project.Name), name, Project.MaxNameLength, EnterName);
}
