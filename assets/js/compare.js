// The compare tool: pick agencies, years and figures; get a table and a
// CSV. It reads the portal's static open data (data/agencies.json, then
// each chosen agency's figures.json) and keeps the choice in the URL
// (?a=key,key&y=2020,2021&f=new,granted) so a comparison can be shared.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form || !window.fetch) return;
  var status = document.getElementById("compare-status");
  var result = document.getElementById("compare-result");
  var filter = document.getElementById("agency-filter");
  var options = document.getElementById("agency-options");
  var count = document.getElementById("agency-count");
  var catalogue = null;
  var params = new URLSearchParams(location.search);
  var MAX_SHOWN = 200;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function list(name) { var v = params.get(name); return v ? v.split(",").filter(Boolean) : []; }
  function checked(name) {
    return Array.prototype.map.call(form.querySelectorAll("input[name=" + name + "]:checked"), function (i) { return i.value; });
  }
  function fmt(v) { return v === null || v === undefined ? "" : v.toLocaleString("zh-CN"); }

  var selected = {};
  list("a").forEach(function (k) { selected[k] = true; });

  function renderOptions() {
    var q = filter.value.trim();
    options.textContent = "";
    var shown = 0, total = 0;
    catalogue.agencies.forEach(function (a) {
      var text = a.name + " " + a.region.join(" ");
      if (q && text.indexOf(q) < 0 && !selected[a.key]) return;
      total++;
      if (shown >= MAX_SHOWN && !selected[a.key]) return;
      shown++;
      var label = el("label");
      var box = el("input", { type: "checkbox", name: "a", value: a.key });
      box.checked = !!selected[a.key];
      box.addEventListener("change", function () { selected[a.key] = box.checked; });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + a.name));
      if (a.region.length) label.appendChild(el("span", { "class": "note" }, "（" + a.region.join(" ") + "）"));
      options.appendChild(label);
    });
    count.textContent = "符合条件的机关 " + total + " 个" + (shown < total ? "，显示前 " + shown + " 个，请输入名称缩小范围" : "");
  }

  function setChecks(name, values) {
    if (!values.length) return;
    Array.prototype.forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (i) {
      i.checked = values.indexOf(i.value) >= 0;
    });
  }

  function csvCell(s) {
    s = String(s);
    if (/^[=+\-@\t\r]/.test(s) && isNaN(Number(s))) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function build(agencies, years, figures) {
    var byKey = {};
    catalogue.agencies.forEach(function (a) { byKey[a.key] = a; });
    var chosen = agencies.map(function (k) { return byKey[k]; }).filter(Boolean);
    status.textContent = "正在读取 " + chosen.length + " 个机关的数据……";
    return Promise.all(chosen.map(function (a) {
      return fetch(a.figures).then(function (r) {
        if (!r.ok) throw new Error(a.name + "：" + r.status);
        return r.json();
      });
    })).then(function (data) {
      var figs = catalogue.figures.filter(function (f) { return figures.indexOf(f.id) >= 0; });
      var rows = [];
      data.forEach(function (d) {
        years.forEach(function (y) {
          if (!d.years[y]) return;
          rows.push({ agency: d.agency, year: y, page: d.reports[y], values: figs.map(function (f) { return d.years[y][f.id]; }) });
        });
      });
      result.textContent = "";
      if (!rows.length) {
        status.textContent = "所选机关在所选年度没有报告。";
        return;
      }
      var wrap = el("div", { "class": "table-scroll", role: "region", "aria-labelledby": "result-caption", tabindex: "0" });
      var table = el("table", { "class": "figures" });
      table.appendChild(el("caption", { id: "result-caption" }, "比较表：" + rows.length + " 份报告"));
      var head = el("tr");
      ["机关", "年度"].concat(figs.map(function (f) { return f.label; })).forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
      table.appendChild(el("thead")).appendChild(head);
      var body = el("tbody");
      rows.forEach(function (r) {
        var tr = el("tr");
        var th = el("th", { scope: "row" });
        var link = el("a", { href: r.page }, r.agency);
        th.appendChild(link);
        tr.appendChild(th);
        tr.appendChild(el("td", {}, r.year));
        r.values.forEach(function (v) {
          var td = el("td", { "class": "num" }, v === null || v === undefined ? "—" : fmt(v));
          if (v === null || v === undefined) td.setAttribute("aria-label", "未填报");
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      wrap.appendChild(table);
      result.appendChild(wrap);

      var lines = [["机关", "年度"].concat(figs.map(function (f) { return f.label; }))];
      rows.forEach(function (r) {
        lines.push([r.agency, r.year].concat(r.values.map(function (v) { return v === null || v === undefined ? "" : v; })));
      });
      var csv = "\uFEFF" + lines.map(function (l) { return l.map(csvCell).join(","); }).join("\r\n") + "\r\n";
      var a = el("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" })), download: "compare.csv", id: "compare-csv" }, "下载 CSV");
      var p = el("p");
      p.appendChild(a);
      result.appendChild(p);
      status.textContent = "已生成比较表，共 " + rows.length + " 份报告。";
    }).catch(function (e) {
      status.textContent = "读取数据失败：" + e.message;
    });
  }

  fetch(form.getAttribute("data-catalogue")).then(function (r) { return r.json(); }).then(function (c) {
    catalogue = c;
    form.hidden = false;
    setChecks("y", list("y"));
    setChecks("f", list("f"));
    renderOptions();
    filter.addEventListener("input", renderOptions);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var agencies = Object.keys(selected).filter(function (k) { return selected[k]; });
      var years = checked("y"), figures = checked("f");
      if (!agencies.length || !years.length || !figures.length) {
        status.textContent = "请至少选择一个机关、一个年度和一项数字。";
        return;
      }
      var q = new URLSearchParams({ a: agencies.join(","), y: years.join(","), f: figures.join(",") });
      history.replaceState(null, "", "?" + q.toString());
      build(agencies, years, figures);
    });
    if (list("a").length) {
      build(list("a"), checked("y"), checked("f"));
    }
  }).catch(function () {
    status.textContent = "无法读取机关目录。";
  });
})();
