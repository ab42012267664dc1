// The smallest text of every figure, in CSS pixels as the reader sees it:
// each figure's SVG is read for its text sizes (in the SVG's own units) and
// scaled by the width the page shows it at. Closed <details> are opened while
// measuring, so figures in worked answers count too.
(async () => {
  const details = [...document.querySelectorAll("details")];
  const wasOpen = details.map((d) => d.open);
  details.forEach((d) => (d.open = true));
  const main = document.querySelector("main") || document.body;
  const found = [];
  for (const img of main.querySelectorAll("img")) {
    await img.decode().catch(() => null);
    const url = img.currentSrc || img.src;
    if (!url.endsWith(".svg")) continue;
    const svg = new DOMParser()
      .parseFromString(await (await fetch(url)).text(), "image/svg+xml")
      .documentElement;
    const box = (svg.getAttribute("viewBox") || "").trim().split(/[\s,]+/).map(Number);
    const drawn = box.length === 4 ? box[2] : Number(svg.getAttribute("width"));
    const sizes = [...svg.querySelectorAll("text")]
      .map((t) => parseFloat(t.getAttribute("font-size")))
      .filter((size) => size > 0);
    if (!drawn || sizes.length === 0) continue;
    const style = getComputedStyle(img);
    const inner =
      img.getBoundingClientRect().width -
      ["paddingLeft", "paddingRight", "borderLeftWidth", "borderRightWidth"]
        .map((side) => parseFloat(style[side]) || 0)
        .reduce((a, b) => a + b, 0);
    found.push({
      figure: url.split("/figures/").pop(),
      smallest: (Math.min(...sizes) * inner) / drawn,
    });
  }
  details.forEach((d, i) => (d.open = wasOpen[i]));
  return { width: document.documentElement.clientWidth, found };
})()
