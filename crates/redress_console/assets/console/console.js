// The console's script: live countdowns on the engine's clock. Pages work without it.
(function () {
  "use strict";
  var body = document.body;
  var engineNow = Date.parse(body.getAttribute("data-now") || "");
  // The engine's clock may differ from the browser's (sandbox mode): keep the offset.
  var offset = isNaN(engineNow) ? 0 : engineNow - Date.now();
  var zh = (body.getAttribute("data-lang") || "").indexOf("zh") === 0;
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function text(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var d = Math.floor(minutes / 1440), h = Math.floor(minutes / 60) % 24, m = minutes % 60;
    var span = zh ? (d > 0 ? d + "天" + h + "小时" : h + "小时" + pad(m) + "分")
                  : (d > 0 ? d + " d " + h + " h" : h + " h " + pad(m) + " min");
    if (ms < 0) return zh ? "已逾期 " + span : "Overdue " + span;
    return zh ? "剩余 " + span : span + " left";
  }
  function tick() {
    var now = Date.now() + offset;
    var nodes = document.querySelectorAll("[data-due]");
    for (var i = 0; i < nodes.length; i++) {
      var due = Date.parse(nodes[i].getAttribute("data-due"));
      if (isNaN(due)) continue;
      var left = due - now;
      nodes[i].textContent = text(left);
      nodes[i].classList.toggle("overdue", left < 0);
      nodes[i].classList.toggle("soon", left >= 0 && left < 6 * 3600000);
    }
  }
  // On a phone, panels marked data-phone-closed fold unless they hold an active filter,
  // so that the first screen shows tickets; without the script they stay open.
  function fold() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 600px)").matches) return;
    var panels = document.querySelectorAll("details[data-phone-closed]:not([data-active])");
    for (var i = 0; i < panels.length; i++) panels[i].open = false;
  }
  fold();
  tick();
  setInterval(tick, 30000);
  document.addEventListener("htmx:afterSwap", function () { fold(); tick(); });
  // "Select all" boxes: <input type=checkbox data-select-all="name">.
  document.addEventListener("change", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-select-all");
    if (!name) return;
    var boxes = document.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = event.target.checked;
  });
})();
// Charts: <div data-chart='{"x":[unix s…],"series":[{"label","values","color","dash"}],"unit"}'>,
// drawn with uPlot when the page loaded it.
(function () {
  "use strict";
  if (typeof uPlot === "undefined") return;
  var nodes = document.querySelectorAll("[data-chart]");
  for (var i = 0; i < nodes.length; i++) draw(nodes[i]);
  function draw(node) {
    var data;
    try { data = JSON.parse(node.getAttribute("data-chart")); } catch (e) { return; }
    var unit = data.unit || "";
    var zh = (document.body.getAttribute("data-lang") || "").indexOf("zh") === 0;
    var zone = document.body.getAttribute("data-zone") || "UTC";
    var local = function (ts) { return uPlot.tzDate(new Date(ts * 1000), zone); };
    // The x axis and the legend in the page's language: numeric dates, never uPlot's
    // English month names, "Time" or am/pm.
    var dayOf = uPlot.fmtDate("{YYYY}-{MM}-{DD}");
    var tickOf = uPlot.fmtDate("{M}/{D}");
    var series = [{
      label: zh ? "日期" : "Date",
      value: function (u, v) { return v == null ? "—" : dayOf(local(v)); }
    }];
    var columns = [data.x];
    data.series.forEach(function (s) {
      series.push({
        label: s.label, stroke: s.color, width: 2, dash: s.dash ? [6, 4] : undefined,
        spanGaps: true, value: function (u, v) { return v == null ? "—" : v.toFixed(2) + unit; }
      });
      columns.push(s.values);
    });
    var width = Math.max(280, node.clientWidth);
    var plot = new uPlot({
      width: width, height: 260, series: series,
      axes: [
        { values: function (u, vals) { return vals.map(function (v) { return tickOf(local(v)); }); } },
        { values: function (u, vals) { return vals.map(function (v) { return v + unit; }); } }
      ],
      tzDate: local
    }, columns, node);
    // Follow the box's width as it changes (a phone turned, a window resized).
    var follow = function () { plot.setSize({ width: Math.max(280, node.clientWidth), height: 260 }); };
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(follow).observe(node);
    window.addEventListener("resize", follow);
  }
})();
(function () {
  "use strict";
  // An evidence form's checklist: mark each kind the case needs as given (✔), chosen in this
  // form (●: a slot of that kind has a file or a reference) or still missing (✘).
  var boxes = document.querySelectorAll("[data-checklist]");
  for (var i = 0; i < boxes.length; i++) watch(boxes[i]);
  function watch(box) {
    var form = box.closest("form");
    if (!form) return;
    var update = function () {
      var chosen = {};
      var kinds = form.querySelectorAll("select[name^='evidence_kind']");
      for (var k = 0; k < kinds.length; k++) {
        var suffix = kinds[k].name.slice("evidence_kind".length);
        var file = form.querySelector("input[name='file" + suffix + "']");
        var ref = form.querySelector("input[name='evidence_reference" + suffix + "']");
        var filled = (file && file.files && file.files.length > 0) || (ref && ref.value.trim() !== "");
        if (filled) chosen[kinds[k].value] = true;
      }
      var lines = box.querySelectorAll("li[data-kind]");
      for (var l = 0; l < lines.length; l++) {
        var line = lines[l];
        var state = line.getAttribute("data-given") === "yes" ? "given"
          : (chosen[line.getAttribute("data-kind")] ? "chosen" : "missing");
        line.className = state;
        line.querySelector(".mark").textContent = state === "given" ? "✔" : (state === "chosen" ? "●" : "✘");
        var text = line.querySelector(".state");
        text.textContent = text.getAttribute("data-" + state + "-text");
      }
    };
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }
})();
