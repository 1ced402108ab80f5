// Swagger UI draws its own markup; this gives it what assistive technology (and axe-core) expects:
// the page is one main landmark while Swagger UI loads, and Swagger UI's own <main> once it is
// drawn; its introduction becomes a named region; the operation groups, drawn as level-3 headings
// under the level-1 title, are announced as level 2.
(function () {
  const root = document.getElementById("swagger-ui");
  const mend = () => {
    if (root.hasAttribute("role") && root.querySelector("main")) {
      root.removeAttribute("role");
    }
    root.querySelectorAll(".information-container:not([role])").forEach((element) => {
      element.setAttribute("role", "region");
      element.setAttribute("aria-label", document.title);
    });
    root.querySelectorAll("h3.opblock-tag:not([aria-level])").forEach((element) => element.setAttribute("aria-level", "2"));
  };
  new MutationObserver(mend).observe(root, { childList: true, subtree: true });
})();
