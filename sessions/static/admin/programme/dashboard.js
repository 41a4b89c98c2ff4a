// The dashboard's charts: each <canvas data-chart="ID"> is drawn by Chart.js from the JSON of
// the <script type="application/json" id="ID"> block (texts already in the reader's language).
// Counts are whole numbers, so the value axis has whole-number ticks only; in Arabic the charts
// read from right to left.
"use strict";
(function () {
  const COLOURS = {
    seats: "#b9c4d0",
    confirmed: "#0b5cad",
    registered: "#0b5cad",
    checked_in: "#1b7f3b",
    entry: "#1b7f3b",
    doors: "#0b5cad",
    delegates: "#0b5cad",
  };
  const rtl = document.documentElement.dir === "rtl";
  const styles = getComputedStyle(document.documentElement);
  const text = styles.getPropertyValue("--body-fg").trim() || "#333";
  const grid = styles.getPropertyValue("--hairline-color").trim() || "#e8e8e8";
  Chart.defaults.color = text;
  Chart.defaults.borderColor = grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  function axisTitle(value) {
    return { display: true, text: value, color: text };
  }

  function draw(canvas) {
    const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    const horizontal = Boolean(spec.horizontal);
    const line = spec.type === "line";
    const counts = {
      beginAtZero: true,
      stacked: Boolean(spec.stacked),
      ticks: { precision: 0 },
      title: axisTitle(spec.y_title),
    };
    const categories = {
      stacked: Boolean(spec.stacked),
      reverse: rtl && !horizontal,
      ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 12 },
      title: axisTitle(spec.x_title),
    };
    if (horizontal) {
      counts.title = axisTitle(spec.x_title);
      counts.reverse = rtl;
      categories.title = axisTitle(spec.y_title);
      categories.position = rtl ? "right" : "left";
    } else {
      counts.position = rtl ? "right" : "left";
    }
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((set) => ({
          label: set.label,
          data: set.data,
          backgroundColor: line ? COLOURS[set.key] + "33" : COLOURS[set.key],
          borderColor: COLOURS[set.key],
          fill: line,
          pointRadius: line && spec.labels.length > 60 ? 0 : 3,
          tension: 0.2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        locale: document.documentElement.lang || "en",
        interaction: { mode: "index", intersect: false },
        layout: { padding: { left: 12, right: 12 } },
        scales: horizontal ? { x: counts, y: categories } : { x: categories, y: counts },
        plugins: {
          title: { display: true, text: spec.title, font: { size: 15 } },
          legend: { display: true, rtl: rtl, position: "bottom" },
          tooltip: { rtl: rtl },
        },
      },
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
