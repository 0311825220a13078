// After htmx loads an explanation: mark the chosen amount and move focus to the explanation heading
// (which also scrolls it into view). The panel is an aria-live region, so screen readers hear it too.
document.addEventListener("htmx:afterSwap", function (event) {
  if (!event.detail.target || event.detail.target.id !== "explanation") return;
  document.querySelectorAll(".amount-link[aria-current]").forEach(function (link) {
    link.removeAttribute("aria-current");
  });
  var link = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (link) link.setAttribute("aria-current", "true");
  var heading = document.getElementById("explanation-title");
  if (heading) heading.focus({ preventScroll: false });
});
