/* Names for the admin's controls that Django 5.2 leaves without one, for screen readers (WCAG 2.1 AA):
 * - in a tabular inline and in a list with editable columns, each control takes its column heading
 *   as its name; the empty heading of an inline's first column (the saved item) gets a hidden text,
 *   and an empty heading over an empty column (no right to delete) becomes a plain cell;
 * - the date and time boxes of a date-and-time field take the field's label plus "date" / "time";
 * - select2's box (autocomplete fields) is named by the field's label as well as by its selection.
 * It runs once the page and its widgets are ready, and again on each row added to an inline.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var itemHeading = script ? script.dataset.itemHeading : "";

  function text(element) {
    return (element.textContent || "").replace(/\s+/g, " ").replace(/:\s*$/, "").trim();
  }

  function isNamed(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) { return true; }
    return Boolean(control.id && document.querySelector('label[for="' + control.id + '"]'));
  }

  function nameTableColumns(root) {
    root.querySelectorAll(".tabular table, table#result_list").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), text);
      table.querySelectorAll("thead th").forEach(function (heading) {
        if (text(heading)) { return; }
        if (heading.classList.contains("original") && itemHeading) {
          var hidden = document.createElement("span");
          hidden.className = "visually-hidden";
          hidden.textContent = itemHeading;
          heading.appendChild(hidden);
        } else if (!heading.querySelector("input")) {
          var cell = document.createElement("td");
          cell.className = heading.className;
          heading.replaceWith(cell);
        }
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          var heading = headings[index];
          if (!heading) { return; }
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            if (!isNamed(control)) { control.setAttribute("aria-label", heading); }
          });
        });
      });
    });
  }

  function nameDateTimeBoxes(root) {
    root.querySelectorAll("p.datetime").forEach(function (box) {
      var row = box.closest(".form-row, .fieldBox, td");
      var label = row ? row.querySelector("label") : null;
      var field = label ? text(label) : "";
      var part = "";
      box.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
          part = node.textContent.replace(/:\s*$/, "").trim();
        } else if (node.nodeName === "INPUT" && node.type !== "hidden" && !isNamed(node)) {
          node.setAttribute("aria-label", field ? field + " – " + part : part);
        }
      });
    });
  }

  function nameSelect2Boxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
      var container = select.parentNode.querySelector(".select2-selection[role=combobox]");
      if (!label || !container) { return; }
      if (!label.id) { label.id = "label-" + select.id; }
      var ids = (container.getAttribute("aria-labelledby") || "").split(" ");
      if (ids.indexOf(label.id) === -1) {
        container.setAttribute("aria-labelledby", [label.id].concat(ids).join(" ").trim());
      }
      var rendered = container.querySelector(".select2-selection__rendered[role=textbox]");
      if (rendered && !rendered.getAttribute("aria-label")) { rendered.setAttribute("aria-label", text(label)); }
    });
  }

  function nameAll(root) {
    nameTableColumns(root);
    nameDateTimeBoxes(root);
    nameSelect2Boxes(root);
  }

  // After the admin's own start-up code (a jQuery "ready" handler that builds the select2 boxes):
  // handlers run in the order they were added, and this deferred script comes after the admin's.
  function start() { nameAll(document); }
  if (window.django && window.django.jQuery) {
    window.django.jQuery(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
  document.addEventListener("formset:added", function () {
    window.setTimeout(function () { nameAll(document); }, 0);
  });
})();
