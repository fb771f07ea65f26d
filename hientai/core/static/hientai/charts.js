// Interactive charts (Apache ECharts, served from static/hientai/vendor; no CDN, no inline
// script). Each chart's data is a <script type="application/json"> block whose id is named
// by the chart's element (data-chart="..."); the words come translated from the server.
// Without JavaScript the server-drawn SVG beside it stays, and so does the table below.
(function () {
  "use strict";
  var COLORS = {
    achieved: "#2e7d32",
    exceeded: "#1b5e20",
    not_achieved: "#c62828",
    at_risk: "#a65f00",
    no_data: "#757575",
    no_target: "#546e7a"
  };
  var DEFAULT_COLOR = "#1f4e79";
  var VISIBLE_BARS = 15; // more bars scroll inside the chart (a slider at its side)
  var charts = [];

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function language() { return document.documentElement.lang || "vi"; }

  // Numbers in the data are plain JSON numbers; only the text shown to the reader follows
  // the page's language (a decimal comma in Vietnamese).
  function shown(value, digits) {
    if (value === null || value === undefined) { return "–"; }
    return new Intl.NumberFormat(language(), { maximumFractionDigits: digits === undefined ? 2 : digits }).format(value);
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function shorten(text, limit) {
    text = String(text);
    return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
  }

  function isExceeded(spec, bar) {
    return spec.cap !== null && spec.cap !== undefined && bar.value !== null && bar.value > 100;
  }

  function barLabel(spec, bar) {
    if (bar.value === null) { return bar.note || spec.words.noData; }
    var text = shown(bar.value, 1) + spec.suffix;
    if (isExceeded(spec, bar)) { text += " (" + spec.words.exceeded + ")"; }
    return text;
  }

  function barsOption(spec, width) {
    var words = spec.words;
    // Labels take at most a third of a narrow chart (phones), 220 px of a wide one.
    var labelWidth = Math.max(80, Math.min(220, Math.round(width * 0.34)));
    var labelChars = Math.max(12, Math.round(labelWidth / 6));
    var data = spec.bars.map(function (bar) {
      var capped = spec.cap && bar.value !== null && bar.value > spec.cap;
      var status = isExceeded(spec, bar) ? "exceeded" : bar.status;
      return {
        name: bar.label,
        value: bar.value === null ? "-" : (capped ? spec.cap : bar.value),
        bar: bar,
        capped: capped,
        itemStyle: { color: COLORS[status] || DEFAULT_COLOR, decal: capped ? { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [3, 5], rotation: -0.6, color: "rgba(255,255,255,0.45)" } : null },
        label: { formatter: barLabel(spec, bar) }
      };
    });
    var option = {
      animation: false,
      aria: { enabled: false },
      grid: { left: 8, right: width < 500 ? 64 : 96, top: spec.reference !== null ? 26 : 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: function (params) {
          var bar = params.data.bar;
          var lines = ["<strong>" + escapeHtml(bar.label) + "</strong>"];
          if (bar.value === null) {
            lines.push(escapeHtml(bar.note || words.noData));
          } else {
            lines.push(escapeHtml((spec.cap ? words.achievement : words.value) + ": " + shown(bar.value, 2) + spec.suffix));
          }
          if (bar.achievement !== undefined && bar.achievement !== null) {
            lines.push(escapeHtml(words.achievement + ": " + shown(bar.achievement, 1) + " %" + (bar.achievement > 100 ? " (" + words.exceeded + ")" : "")));
          }
          if (spec.reference !== null) {
            lines.push(escapeHtml((spec.referenceLabel || words.target) + ": " + shown(spec.reference, 2) + spec.suffix));
          }
          if (params.data.capped) { lines.push(escapeHtml(words.capped)); }
          if (bar.href) { lines.push("<em>" + escapeHtml(words.open) + "</em>"); }
          return lines.join("<br>");
        }
      },
      xAxis: {
        type: "value",
        max: spec.cap || null,
        minInterval: spec.bars.every(function (bar) { return bar.value === null || Math.round(bar.value) === bar.value; }) ? 1 : 0,
        axisLabel: { formatter: function (v) { return shown(v, 1); } }
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: spec.bars.map(function (bar) { return bar.label; }),
        axisLabel: { width: labelWidth, overflow: "truncate", formatter: function (v) { return shorten(v, labelChars); } },
        axisTick: { show: false }
      },
      series: [{
        type: "bar",
        data: data,
        barMaxWidth: 18,
        cursor: "pointer",
        label: { show: true, position: "right", color: "#222", fontSize: 11 },
        markLine: spec.reference === null ? undefined : {
          symbol: "none",
          silent: true,
          lineStyle: { color: "#333", type: "dashed" },
          label: { formatter: (spec.referenceLabel || words.target) + " " + shown(spec.reference, 2) + spec.suffix, position: "start", color: "#333" },
          data: [{ xAxis: spec.reference }]
        }
      }]
    };
    if (spec.bars.length > VISIBLE_BARS) {
      option.dataZoom = [
        { type: "slider", yAxisIndex: 0, right: 4, width: 14, startValue: 0, endValue: VISIBLE_BARS - 1, showDetail: false, brushSelect: false },
        { type: "inside", yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true }
      ];
      option.grid.right += 24;
    }
    return option;
  }

  function lineOption(spec) {
    var words = spec.words;
    var series = [{
      type: "line",
      name: spec.title,
      data: spec.values.map(function (v) { return v === null ? "-" : v; }),
      connectNulls: true,
      symbolSize: 8,
      itemStyle: { color: DEFAULT_COLOR },
      label: { show: true, position: "top", fontSize: 11, color: "#222", formatter: function (p) { return shown(p.value, 2); } }
    }];
    if (spec.target !== null) {
      series[0].markLine = {
        symbol: "none",
        silent: true,
        lineStyle: { color: "#c62828", type: "dashed" },
        label: { formatter: spec.targetLabel + " " + shown(spec.target, 2) + spec.suffix, position: "insideEndTop", color: "#b71c1c" },
        data: [{ yAxis: spec.target }]
      };
    }
    return {
      animation: false,
      aria: { enabled: false },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        confine: true,
        formatter: function (items) {
          var item = items[0];
          var lines = ["<strong>" + escapeHtml(item.name) + "</strong>"];
          var value = spec.values[item.dataIndex];
          lines.push(escapeHtml(words.value + ": " + (value === null ? words.noData : shown(value, 2) + spec.suffix)));
          if (spec.target !== null) {
            lines.push(escapeHtml(spec.targetLabel + ": " + shown(spec.target, 2) + spec.suffix));
            if (value !== null && spec.target) {
              var achievement = value / spec.target * 100;
              lines.push(escapeHtml(words.achievement + ": " + shown(achievement, 1) + " %" + (achievement > 100 ? " (" + words.exceeded + ")" : "")));
            }
          }
          return lines.join("<br>");
        }
      },
      xAxis: { type: "category", data: spec.labels, boundaryGap: true },
      yAxis: {
        type: "value",
        // Room above the higher of the data and the target, on a round number.
        max: function (extent) {
          var top = Math.max(extent.max, spec.target === null ? extent.max : spec.target, 1) * 1.05;
          var step = Math.pow(10, Math.floor(Math.log10(top))) / 2;
          return Math.ceil(top / step) * step;
        },
        axisLabel: { formatter: function (v) { return shown(v, 1); } }
      },
      series: series
    };
  }

  function render(element) {
    if (typeof window.echarts === "undefined" || element.getAttribute("data-charted") === "1") { return; }
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var bars = spec.kind === "bars";
    var count = bars ? Math.min(spec.bars.length, VISIBLE_BARS) : 0;
    element.style.height = (bars ? 48 + 28 * Math.max(count, 1) : 280) + "px";
    var figure = element.closest("figure");
    if (figure) { figure.classList.add("charted"); }
    element.hidden = false;
    var chart = window.echarts.init(element, null, { renderer: "canvas", locale: "EN" });
    chart.setOption(bars ? barsOption(spec, element.clientWidth) : lineOption(spec));
    if (bars) {
      chart.on("click", function (params) {
        if (params.data && params.data.bar && params.data.bar.href) { window.location.assign(params.data.bar.href); }
      });
    }
    element.setAttribute("data-charted", "1");
    charts.push(chart);
  }

  function renderAll(root) {
    charts = charts.filter(function (chart) {
      if (chart.isDisposed() || !document.body.contains(chart.getDom())) { if (!chart.isDisposed()) { chart.dispose(); } return false; }
      return true;
    });
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-chart]"), render);
  }

  ready(function () {
    renderAll(document);
    // The dashboard's filters swap its body through htmx: draw the new charts.
    document.body.addEventListener("htmx:afterSettle", function (event) { renderAll(event.target); });
    window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
  });
})();
