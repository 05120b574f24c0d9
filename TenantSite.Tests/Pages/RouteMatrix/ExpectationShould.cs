using System.Net;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>The matrix's verdicts on single answers, so that a pass means what it says.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class ExpectationShould
{
    [Fact]
    public void AcceptASignInRedirectAsAPlainRedirectOrAnHXRedirect()
    {
        Assert.Null(Expectation.SignIn.Mismatch(Redirect(HttpStatusCode.Redirect, "/signin?returnUrl=%2Fprojects")));
        Assert.Null(Expectation.SignIn.Mismatch(HxRedirect("/signin?returnUrl=%2Fprojects")));
        Assert.NotNull(Expectation.SignIn.Mismatch(Redirect(HttpStatusCode.Redirect, "/")));
        Assert.NotNull(Expectation.SignIn.Mismatch(new HttpResponseMessage(HttpStatusCode.Unauthorized)));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public void CountAnAnswerOfTheHandlerAsServed(HttpStatusCode status) =>
        Assert.Null(Expectation.Served.Mismatch(new HttpResponseMessage(status)));

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public void NotCountARefusalOrAFailureAsServed(HttpStatusCode status) =>
        Assert.NotNull(Expectation.Served.Mismatch(new HttpResponseMessage(status)));

    [Fact]
    public void NotCountASignInRedirectAsServed()
    {
        Assert.NotNull(Expectation.Served.Mismatch(Redirect(HttpStatusCode.Redirect, "/signin?returnUrl=%2F")));
        Assert.Null(Expectation.Served.Mismatch(Redirect(HttpStatusCode.Redirect, "/projects/1")));
    }

    private static HttpResponseMessage Redirect(HttpStatusCode status, string location)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.Location = new Uri(location, UriKind.Relative);
        return response;
    }

    private static HttpResponseMessage HxRedirect(string location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.NoContent);
        response.Headers.Add("HX-Redirect", location);
        return response;
    }
}
