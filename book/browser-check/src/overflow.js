// What runs past the right edge of the screen (on a phone): formulas, images,
// tables and other elements of the content that are not inside something that
// scrolls sideways on its own (code blocks, display math, table wrappers).
(() => {
  const width = document.documentElement.clientWidth;
  const main = document.querySelector("main") || document.body;
  const scrolls = (el) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
  const found = [];
  const reported = new Set();
  for (const el of main.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let contained = false;
    for (let p = el.parentElement; p && p !== main.parentElement; p = p.parentElement) {
      if (reported.has(p) || scrolls(p)) {
        contained = true;
        break;
      }
    }
    if (contained) continue;
    reported.add(el);
    const text = (el.textContent || el.getAttribute("src") || "").replace(/\s+/g, " ").trim();
    found.push(`${el.tagName.toLowerCase()} "${text.slice(0, 50)}" ends at ${Math.round(box.right)} px`);
  }
  return { width, found, pageWidth: document.documentElement.scrollWidth };
})()
