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

// A copy button beside a read-only field (the new API key), shown only where this script runs: without it the field
// is selected and copied like any text.
document.addEventListener("htmx:load", (event) => {
  event.detail.elt.querySelectorAll("button[data-copy][hidden]").forEach((button) => { button.hidden = false; });
});
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  const field = button && document.getElementById(button.dataset.copy);
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Press Ctrl+C to copy";
  }
});

// Live updates (TenantSite/Live): a list marked data-live fetches itself again when the page's event stream says that
// something changed. Not while the user is in the middle of something in it (an open rename, a refused one shown in
// place, a focused field): the list is then marked stale and fetched once that is over.
function liveBusy(list) {
  const focused = document.activeElement;
  return list.querySelector("details[open], [aria-invalid='true']") !== null ||
    (list.contains(focused) && focused.matches("input, textarea, select"));
}
function liveRefreshStale() {
  document.querySelectorAll("[data-live][data-live-stale]").forEach((list) => {
    if (liveBusy(list)) return;
    delete list.dataset.liveStale;
    htmx.trigger(list, "live-refresh");
  });
}
// A busy list's fetch is not sent; and as the user may open a rename while one is on its way, its answer is then
// dropped rather than swapped over the open form. Either way the list is marked stale and catches up later.
function liveHold(event, drop) {
  const list = event.detail.elt;
  if (!list.hasAttribute("data-live") || !liveBusy(list)) return;
  drop();
  list.dataset.liveStale = "true";
}
document.addEventListener("htmx:beforeRequest", (event) => liveHold(event, () => event.preventDefault()));
document.addEventListener("htmx:beforeSwap", (event) => liveHold(event, () => { event.detail.shouldSwap = false; }));
// <details> fires toggle without bubbling: listen in the capture phase.
document.addEventListener("toggle", liveRefreshStale, true);
document.addEventListener("htmx:afterSettle", liveRefreshStale);
document.addEventListener("focusout", () => setTimeout(liveRefreshStale, 0));
// A stream that was away (the server ended it, the network dropped) may have missed changes: when EventSource opens it
// again, its lists fetch themselves once. Not on the first open: the page was just rendered.
document.addEventListener("htmx:sseOpen", (event) => {
  const source = event.target;
  if (source.dataset.liveOpened) source.querySelectorAll("[data-live]").forEach((list) => htmx.trigger(list, "live-refresh"));
  source.dataset.liveOpened = "true";
});
