// WCAG 2.1 contrast of every visible text node against the background it sits on: the
// colours of the element and of its ancestors, composited by their alpha (SC 1.4.3:
// 4.5:1, 3:1 for large text, 24 px or 18.66 px bold; "relative luminance" and
// "contrast ratio" as defined in the WCAG 2.1 glossary). Disabled controls are exempt.
// Used by tests/web/test_web_layout.py through page.evaluate.
() => {
  const parse = c => {
    const m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const background = e => {
    const layers = [];
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) out = over(layers[i], out);
    return out;
  };
  const bad = [];
  let checked = 0;
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    const e = node.parentElement;
    if (!node.textContent.trim() || !e || e.closest("option, script, style, [disabled]")) continue;
    const r = e.getBoundingClientRect();
    const cs = getComputedStyle(e);
    if (r.width === 0 || r.height === 0 || cs.visibility === "hidden" || e.closest("[hidden]")) continue;
    const isSvg = e instanceof SVGElement;
    const bg = background(isSvg ? e.closest("svg").parentElement : e);
    let fg = parse(isSvg ? cs.fill : cs.color);
    if (!fg) continue;
    fg = over(fg, bg);
    const a = lum(fg), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    checked++;
    if (ratio < need) bad.push({text: node.textContent.trim().slice(0, 40), ratio: +ratio.toFixed(2), need,
      fg: cs.color, cls: e.className && e.className.baseVal === undefined ? e.className : e.tagName});
  }
  return {checked, bad};
}
