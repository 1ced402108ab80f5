/* Report form: keep what was typed on this device until the server has it, and send once.
 *
 * Every keystroke in a field marked data-autosave is copied to localStorage, tagged with the
 * report's last-saved time on the server (data-draft-base). If the page is opened again while the
 * server still has that same version (the tab was closed, the link dropped, or the session expired
 * and the save was bounced to the sign-in page), the typed text is put back. Once the server has a
 * newer save, the local copy is dropped.
 */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var key = form.dataset.draftKey;
  var base = form.dataset.draftBase;
  var fields = Array.prototype.slice.call(form.querySelectorAll("[data-autosave]"));
  var storage;
  try { storage = window.localStorage; } catch (e) { storage = null; }

  function read() {
    if (!storage) { return null; }
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function write() {
    if (!storage) { return; }
    var values = {};
    fields.forEach(function (field) { values[field.name] = field.value; });
    try { storage.setItem(key, JSON.stringify({ base: base, values: values })); } catch (e) { /* storage full: the server copy remains */ }
  }

  var stored = read();
  if (stored && stored.base === base) {
    var restored = false;
    fields.forEach(function (field) {
      var value = stored.values[field.name];
      if (typeof value === "string" && value !== field.value) {
        field.value = value;
        restored = true;
      }
    });
    if (restored) {
      document.getElementById("draft-restored").classList.remove("d-none");
    }
  } else if (stored && storage) {
    storage.removeItem(key);
  }

  fields.forEach(function (field) { field.addEventListener("input", write); });

  var discard = document.getElementById("draft-discard");
  if (discard) {
    discard.addEventListener("click", function () {
      if (storage) { storage.removeItem(key); }
      window.location.reload();
    });
  }

  // One submission per click burst: the server refuses a second one anyway, this spares the wait.
  form.addEventListener("submit", function (event) {
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    }, 0);
  });
})();
