// The operations dashboard's trend chart: uPlot over the JSON the page carries
// (<script type="application/json" id="trend-data">), times in the platform's zone. The
// table under the chart has the same figures; the page works without this script.
(function () {
  "use strict";
  var holder = document.getElementById("trend-chart");
  var data = document.getElementById("trend-data");
  if (!holder || !data || typeof uPlot === "undefined") return;
  var series = JSON.parse(data.textContent);
  var labels = JSON.parse(holder.getAttribute("data-labels") || "[]");
  var zone = holder.getAttribute("data-zone") || "UTC";
  // The canvas must never widen the page (375 px phones): the holder clips, and the chart
  // follows the holder's width as it changes.
  holder.style.overflow = "hidden";
  var colours = ["#1f6feb", "#8250df", "#cf222e", "#1a7f37"];
  function size() {
    return { width: Math.max(240, holder.clientWidth), height: 240 };
  }
  // The y axis is as wide as its longest label: a fixed 40 px cut "1,250" to ",250".
  function axisSize(self, values, axisIdx, cycleNum) {
    var axis = self.axes[axisIdx];
    if (cycleNum > 1) return axis._size;
    var longest = (values || []).reduce(function (acc, v) {
      return String(v).length > acc.length ? String(v) : acc;
    }, "");
    self.ctx.font = axis.font[0];
    var text = longest ? self.ctx.measureText(longest).width / (window.devicePixelRatio || 1) : 0;
    return Math.max(40, Math.ceil(axis.ticks.size + axis.gap + text + 4));
  }
  var options = {
    width: size().width,
    height: size().height,
    tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), zone); },
    scales: { x: { time: true } },
    axes: [{}, { size: axisSize }],
    series: [{ label: holder.getAttribute("data-x-label") || "" }].concat(labels.map(function (label, i) {
      return { label: label, stroke: colours[i % colours.length], width: 2 };
    })),
  };
  var chart = new uPlot(options, series, holder);
  var width = holder.clientWidth;
  function follow() {
    if (holder.clientWidth !== width) {
      width = holder.clientWidth;
      chart.setSize(size());
    }
  }
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(follow).observe(holder);
  window.addEventListener("resize", follow);
})();
