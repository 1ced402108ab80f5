/* Section editor: "Insert into the text" puts a unit's text, with its name, at the cursor of the section's text.
 * The input event it sends lets report_form.js keep the new text on the device like typed text.
 * Without JavaScript the buttons stay hidden and the texts can be copied by hand.
 */
(function () {
  "use strict";
  var area = document.querySelector("#report-form textarea[name=text]");
  if (!area) { return; }
  document.querySelectorAll("[data-insert]").forEach(function (button) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.insert);
      var text = "- " + source.dataset.unit + ": " + source.textContent.replace(/\s+/g, " ").trim();
      var start = area.selectionStart, end = area.selectionEnd, value = area.value;
      var before = value.slice(0, start), after = value.slice(end);
      var glue = before && !before.endsWith("\n") ? "\n" : "";
      area.value = before + glue + text + "\n" + after;
      var caret = (before + glue + text + "\n").length;
      area.setSelectionRange(caret, caret);
      area.focus();
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
})();
