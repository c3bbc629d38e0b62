// Sortable tables: a progressive enhancement of table.sortable. Without
// JavaScript the table is complete, in its original order. Each column
// heading becomes a button; aria-sort tells assistive technology the order.
(function () {
  "use strict";
  function key(cell) {
    if (!cell) return null;
    var v = cell.getAttribute("data-value");
    if (v !== null && v !== "") return Number(v);
    return cell.textContent.trim();
  }
  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === "") return 1; // blanks last
    if (b === null || b === "") return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "zh-CN");
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var numeric = rows.some(function (r) { return r.cells[index] && r.cells[index].hasAttribute("data-value"); });
    if (!th.hasAttribute("aria-sort") && numeric) dir = "descending";
    rows.sort(function (x, y) {
      var c = compare(key(x.cells[index]), key(y.cells[index]));
      if (key(x.cells[index]) === null || key(y.cells[index]) === null) return c;
      return dir === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var live = table.parentNode.querySelector(".sort-status");
    if (live) live.textContent = "已按“" + th.textContent.trim() + "”" + (dir === "ascending" ? "升序" : "降序") + "排列";
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies[0]) return;
    var status = document.createElement("p");
    status.className = "sort-status vh";
    status.setAttribute("role", "status");
    table.parentNode.appendChild(status);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var b = document.createElement("button");
      b.type = "button";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () { sortBy(table, i, th); });
    });
  });
})();
