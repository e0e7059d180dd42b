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
  tick();
  setInterval(tick, 30000);
  document.addEventListener("htmx:afterSwap", tick);
  // "Select all" boxes: <input type=checkbox data-select-all="name">.
  document.addEventListener("change", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-select-all");
    if (!name) return;
    var boxes = document.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = event.target.checked;
  });
})();
