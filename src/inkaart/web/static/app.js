// The review page's own script: error messages from htmx requests, and re-cutting a quote from the
// text the analyst selects inside its paragraph. The server checks the offsets and cuts the quote.
"use strict";

(function () {
  function flash(text, isError) {
    const box = document.getElementById("flash");
    if (!box) {
      return;
    }
    box.textContent = text;
    box.className = isError ? "error" : "ok";
  }

  document.addEventListener("htmx:responseError", function (event) {
    flash(event.detail.xhr.responseText || "the request failed", true);
  });
  document.addEventListener("htmx:sendError", function () {
    flash("the server cannot be reached", true);
  });

  // Characters from the paragraph's start to (node, offset), counted in code points as Python does.
  function offsetWithin(paragraph, node, offset) {
    const range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-narrow]");
    if (!button) {
      return;
    }
    const item = button.closest(".proposal");
    const paragraph = item.querySelector(".ptext");
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      flash("first select the words of the quote inside the paragraph", true);
      return;
    }
    const range = selection.getRangeAt(0);
    if (!paragraph.contains(range.startContainer) || !paragraph.contains(range.endContainer)) {
      flash("the selection must lie inside this paragraph", true);
      return;
    }
    const base = Number(paragraph.dataset.start);
    const start = base + offsetWithin(paragraph, range.startContainer, range.startOffset);
    const end = base + offsetWithin(paragraph, range.endContainer, range.endOffset);
    htmx.ajax("POST", button.dataset.url, {
      source: item,
      swap: "none",
      values: {
        action: "accept",
        passage_id: item.dataset.passage,
        theme_id: item.dataset.theme,
        start: String(start),
        end: String(end),
      },
      headers: { "X-CSRF-Token": document.body.dataset.csrf },
    });
  });
})();
