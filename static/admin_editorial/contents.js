/* The issue page.
 * - Ask before the steps that change what readers see (data-confirm).
 * - Drag and drop in "Contents of this issue": sections among sections, articles
 *   within their section. The new order is posted to the reorder view; the
 *   up/down buttons stay as the keyboard-friendly way to do the same. */
"use strict";

document.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

document.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("contents-form");
  if (!form || !form.dataset.reorderUrl) {
    return;
  }
  const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  let dragged = null;

  function post(fields) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
    return fetch(form.dataset.reorderUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"X-CSRFToken": token},
    }).then(function (response) {
      // The view answers in JSON, with the reason when it refuses; anything else
      // (a failed CSRF check's page, a lost connection) gets the page's own message.
      return response.json().then(function (answer) {
        if (!response.ok) {
          window.alert(answer.error || form.dataset.reorderFailed);
        }
      });
    }).catch(function () {
      window.alert(form.dataset.reorderFailed);
    }).then(function () {
      // The order as stored, whether or not the move was saved.
      window.location.reload();
    });
  }

  function siblingsOf(item) {
    return Array.from(item.parentElement.children).filter(function (other) {
      return other.dataset.kind === item.dataset.kind;
    });
  }

  form.querySelectorAll("[data-kind]").forEach(function (item) {
    item.setAttribute("draggable", "true");
    item.addEventListener("dragstart", function (event) {
      event.stopPropagation();
      dragged = item;
      item.classList.add("ed-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.pk);
    });
    item.addEventListener("dragover", function (event) {
      if (!dragged || dragged === item || dragged.dataset.kind !== item.dataset.kind ||
          dragged.parentElement !== item.parentElement) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      const box = item.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      item.parentElement.insertBefore(dragged, after ? item.nextSibling : item);
    });
    item.addEventListener("dragend", function (event) {
      event.stopPropagation();
      if (dragged !== item) {
        return;
      }
      item.classList.remove("ed-dragging");
      dragged = null;
      const order = siblingsOf(item).map(function (sibling) { return sibling.dataset.pk; });
      const fields = {kind: item.dataset.kind, order: order.join(",")};
      if (item.dataset.kind === "article") {
        fields.section = item.parentElement.dataset.section;
      }
      post(fields);
    });
  });
});
