// Runs in each page of the book after it has loaded; returns what the check
// needs as one JSON object. Closed <details> (exercise answers) are opened
// while measuring, so the formulas and figures inside them count too.
(async () => {
  const details = [...document.querySelectorAll("details")];
  const wasOpen = details.map((d) => d.open);
  details.forEach((d) => (d.open = true));

  const images = [...document.images];
  images.forEach((img) => (img.loading = "eager"));
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  await document.fonts.ready;

  const main = document.querySelector("main") || document.body;
  const mainColor = getComputedStyle(main).color;
  const MATHML = "http://www.w3.org/1998/Math/MathML";
  const maths = [...main.querySelectorAll("math")];
  const short = (text) => text.replace(/\s+/g, " ").trim().slice(0, 60);

  // Text a reader sees outside code and formulas.
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("pre, code, script, style, noscript, math, textarea")) continue;
    const text = node.textContent;
    for (const needle of ["$$", "\\frac", "\\tag{", "\\begin{"]) {
      const at = text.indexOf(needle);
      if (at >= 0) raw.push(short(text.slice(Math.max(0, at - 20), at + 40)));
    }
  }

  const result = {
    title: document.title,
    theme: [...document.documentElement.classList].join(" "),
    h1: [...main.querySelectorAll("h1")].map((h) => short(h.textContent)),
    images: images.map((img) => ({
      src: img.getAttribute("src") || "",
      url: img.currentSrc || img.src,
      width: img.naturalWidth,
      inMain: main.contains(img),
      background: getComputedStyle(img).backgroundColor,
    })),
    maths: maths.length,
    notMathml: maths.filter((m) => m.namespaceURI !== MATHML).length,
    merrors: [...document.querySelectorAll("merror")].map((e) => short(e.textContent)),
    flat: maths
      .filter((m) => m.getBoundingClientRect().width === 0)
      .map((m) => short(m.textContent)),
    mathColors: [...new Set(maths.map((m) => getComputedStyle(m).color))],
    mainColor,
    raw,
    ids: [
      ...[...document.querySelectorAll("[id]")].map((e) => e.id),
      ...[...document.querySelectorAll("a[name]")].map((e) => e.getAttribute("name")),
    ],
    links: [...document.querySelectorAll("a[href]")].map((a) => [a.getAttribute("href"), a.href]),
    runBoxes: [...main.querySelectorAll(".chapter-run")].map((box) => ({
      text: short(box.textContent),
      links: [...box.querySelectorAll("a[href]")].map((a) => a.href),
    })),
    figureLinks: images.filter((img) => main.contains(img) && img.closest("a[href]")).length,
    fonts: [...document.fonts].map((f) => ({
      family: f.family.replace(/["']/g, ""),
      status: f.status,
    })),
  };
  details.forEach((d, i) => (d.open = wasOpen[i]));
  return result;
})()
