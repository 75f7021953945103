// Colour contrast where axe-core gives up because something lies under the text: the
// colours actually painted under the text's centre decide. Returns {ratio, needed} or
// {problem}.
(selector => {
  const el = document.querySelector(selector);
  if (!el) return {problem: "gone"};
  if (el.closest("[aria-hidden=true]") && /[\u{10000}-\u{10FFFF}\u2190-\u21FF\u2022]/u
      .test(el.textContent)) return {ratio: 21, needed: 0};  // a decorative icon glyph
  el.scrollIntoView({block: "center"});
  const rgb = text => {
    const m = /rgba?\(([^)]+)\)/.exec(text || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = c => [c.r, c.g, c.b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(el);
  const svg = el instanceof SVGElement;
  const fg = rgb(svg ? style.fill : style.color);
  const box = el.getClientRects()[0] || el.getBoundingClientRect();  // a wrapped line: its first
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const viewport = svg && el.ownerSVGElement && el.ownerSVGElement.getBoundingClientRect();
  if (viewport && (x < viewport.left || x > viewport.right || y < viewport.top || y > viewport.bottom)) {
    return {ratio: 21, needed: 0};  // outside the drawing (a neighbour's name): not shown
  }
  // Hit-testing skips elements that ignore the pointer (map labels do): include them.
  // Through element.style (CSSOM), which the Content-Security-Policy allows; an injected
  // <style> element without the page's nonce would be refused.
  const ignoring = [...document.querySelectorAll("*")].filter(
    e => getComputedStyle(e).pointerEvents === "none");
  ignoring.forEach(e => e.style.setProperty("pointer-events", "auto", "important"));
  const stack = document.elementsFromPoint(x, y);
  ignoring.forEach(e => e.style.removeProperty("pointer-events"));
  if (!stack.includes(el) && !stack.some(e => el.contains(e))) return {
    problem: `covered by ${stack[0] ? stack[0].outerHTML.slice(0, 80) : "nothing: outside the page"}`
  };
  // A halo (SVG stroke painted under the fill, or a text shadow without offset) is what
  // the text is read against, whatever lies beneath.
  const shadow = /^(rgba?\([^)]+\)) 0px 0px/.exec(style.textShadow);
  const halo = svg
    ? style.paintOrder.startsWith("stroke") && parseFloat(style.strokeWidth) >= 2 && rgb(style.stroke)
    : shadow && rgb(shadow[1]);
  let bg = halo && halo.a === 1 ? halo : null;
  for (const e of bg ? [] : stack.slice(Math.max(0, stack.indexOf(el)))) {
    if (e === el) continue;
    const s = getComputedStyle(e);
    if (e instanceof SVGElement && !(e instanceof SVGSVGElement)) {
      const fill = rgb(s.fill);
      if (fill && fill.a === 1 && s.fillOpacity === "1" && s.opacity === "1") { bg = fill; break; }
      continue;
    }
    if (s.backgroundImage !== "none" && e.tagName !== "IMG") return {problem: "background image"};
    const colour = rgb(s.backgroundColor);
    if (colour && colour.a === 1) { bg = colour; break; }
  }
  bg = bg || {r: 255, g: 255, b: 255, a: 1};
  const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);  // WCAG "large text"
  return {ratio: (hi + 0.05) / (lo + 0.05), needed: large ? 3 : 4.5};
})
