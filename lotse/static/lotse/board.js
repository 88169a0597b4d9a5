/* Drag and drop as an enhancement: the buttons on each card do the same without a mouse. */
document.addEventListener("DOMContentLoaded", function () {
  /* htmx is loaded with "defer", so it is ready only now. */
  var dragged = null;
  var board = document.getElementById("board");
  if (!board || !window.htmx) { return; }
  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card");
    if (!card || card.getAttribute("draggable") !== "true") { return; }
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.moveUrl);
  });
  board.addEventListener("dragend", function () { dragged = null; });
  function allowedColumn(event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) { return null; }
    var allowed = dragged.dataset.allowed.split(" ");
    return allowed.indexOf(column.dataset.stage) >= 0 ? column : null;
  }
  board.addEventListener("dragover", function (event) {
    if (allowedColumn(event)) { event.preventDefault(); }
  });
  board.addEventListener("drop", function (event) {
    var column = allowedColumn(event);
    if (!column) { return; }
    event.preventDefault();
    var form = dragged.querySelector("form");
    htmx.ajax("POST", dragged.dataset.moveUrl, {
      source: form,
      values: {
        to_stage: column.dataset.stage,
        on_date: form.querySelector("input[name=on_date]").value,
        return_to: "board",
        mentor: form.querySelector("input[name=mentor]").value
      },
      swap: "none"
    });
  });
});
