// Small line icons drawn as inline SVG (no font or image request needed).

const SVG = "http://www.w3.org/2000/svg";

function icon(paths: string[], label = ""): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "icon");
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "2");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  if (label) svg.setAttribute("aria-label", label);
  else svg.setAttribute("aria-hidden", "true");
  for (const d of paths) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

export function paperclipIcon(): SVGSVGElement {
  return icon(["M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9"]);
}

export function fileIcon(): SVGSVGElement {
  return icon(["M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z", "M14 3v5h5", "M9 13h6", "M9 17h6"]);
}

export function lockIcon(): SVGSVGElement {
  return icon(["M6 11h12v10H6z", "M8 11V7a4 4 0 0 1 8 0v4"]);
}

export function unlockedIcon(): SVGSVGElement {
  return icon(["M6 11h12v10H6z", "M8 11V7a4 4 0 0 1 7.9-1"]);
}
