// One global antiforgery hook: every non-GET htmx request carries the token from the layout's meta tag.
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get") {
    const token = document.querySelector('meta[name="request-verification-token"]');
    if (token) event.detail.headers["RequestVerificationToken"] = token.content;
  }
});

// A failed request is never a silent no-op: show what happened in the flash area.
function showError(message) {
  const flash = document.getElementById("flash");
  if (!flash) return;
  const p = document.createElement("p");
  p.className = "flash error";
  p.setAttribute("role", "alert");
  p.textContent = message;
  flash.replaceChildren(p);
}
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  showError(status === 403 ? "Your role does not allow that." :
            status === 404 ? "That item no longer exists. Reload the page." :
            `The request failed (${status}). Nothing was changed; please try again.`);
});
document.addEventListener("htmx:sendError", () => showError("Could not reach the server. Check your connection and try again."));

// A request the server refused with its own reason (an error flash fragment, HX-Reswap: none) shows that reason in
// the flash area instead of the generic message above; the target stays as it was.
document.addEventListener("htmx:beforeSwap", (event) => {
  const detail = event.detail;
  if (detail.isError && detail.xhr.getResponseHeader("HX-Reswap") === "none") {
    detail.shouldSwap = true;
    detail.isError = false;
  }
});
