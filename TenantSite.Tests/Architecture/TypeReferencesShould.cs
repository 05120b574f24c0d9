using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Architecture;

/// <summary>What the reading of compiled code sees, tried on this assembly's own types below.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class TypeReferencesShould
{
    private static readonly Lazy<IReadOnlySet<TypeReference>> Seen =
        new(() => TypeReferences.Read(typeof(TypeReferencesShould).Assembly.Location));

    [Theory]
    [InlineData(typeof(UsesInItsBody), typeof(UsedInABody))]
    [InlineData(typeof(UsesInALambda), typeof(UsedInALambda))]
    [InlineData(typeof(UsesAsATypeArgument), typeof(UsedAsATypeArgument))]
    [InlineData(typeof(UsesInAnAttribute), typeof(UsedInAnAttribute))]
    public void SeeATypeUsedAnywhereInAnother(Type user, Type used) =>
        Assert.Contains(new TypeReference(user.FullName!, used.FullName!), Seen.Value);

    [Fact]
    public void MissAConstantWhichTheSourceShows()
    {
        var constants = ConstantReferences.Read(
            typeof(TypeReferencesShould).Assembly.Location, Path.Combine(DevIdp.RepositoryRoot(), "TenantSite.Tests"));

        Assert.DoesNotContain(new TypeReference(typeof(UsesAConstant).FullName!, typeof(HasAConstant).FullName!), Seen.Value);
        Assert.Contains(
            new ConstantReference("Architecture/TypeReferencesShould.cs", typeof(HasAConstant).FullName!, nameof(HasAConstant.Value)),
            constants);
    }
}

internal sealed class UsedInABody;

internal static class UsesInItsBody
{
    public static object Make() => new UsedInABody();
}

internal sealed class UsedInALambda;

internal static class UsesInALambda
{
    public static Func<object> Make() => () => new UsedInALambda();
}

internal sealed class UsedAsATypeArgument;

internal static class UsesAsATypeArgument
{
    public static int Count(IEnumerable<object> items) => items.OfType<UsedAsATypeArgument>().Count();
}

internal sealed class UsedInAnAttribute;

[System.ComponentModel.TypeConverter(typeof(UsedInAnAttribute))]
internal sealed class UsesInAnAttribute;

internal static class HasAConstant
{
    public const string Value = "copied into its user";
}

internal static class UsesAConstant
{
    public static string Read() => HasAConstant.Value;
}
