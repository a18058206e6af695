// Pictures drawn on a canvas in the page and handed to the app the way a
// person would: pasted, dropped, or picked in the file chooser.

import type { CDPSession, Page } from "playwright-core";

export type Drawing = "noise" | "scene" | "face";

export interface TestFile {
  name: string;
  type: string;
  base64: string;
}

// A PNG drawn in the page: `noise` does not compress (a large upload, for
// watching progress), `scene` is a landscape, `face` an avatar.
export async function drawPng(page: Page, drawing: Drawing, width: number, height: number, hue = 200): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ({ drawing, width, height, hue }) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext("2d")!;
      if (drawing === "noise") {
        const img = g.createImageData(width, height);
        for (let i = 0; i < img.data.length; i++) img.data[i] = (Math.random() * 256) | 0;
        g.putImageData(img, 0, 0);
      } else if (drawing === "scene") {
        const sky = g.createLinearGradient(0, 0, 0, height * 0.6);
        sky.addColorStop(0, `hsl(${hue}, 70%, 45%)`);
        sky.addColorStop(1, `hsl(${(hue + 40) % 360}, 85%, 75%)`);
        g.fillStyle = sky;
        g.fillRect(0, 0, width, height);
        g.fillStyle = "hsl(45, 100%, 70%)";
        g.beginPath();
        g.arc(width * 0.7, height * 0.35, height * 0.12, 0, Math.PI * 2);
        g.fill();
        g.fillStyle = `hsl(${(hue + 120) % 360}, 35%, 35%)`;
        g.beginPath();
        g.moveTo(0, height * 0.65);
        g.quadraticCurveTo(width * 0.3, height * 0.35, width * 0.6, height * 0.62);
        g.quadraticCurveTo(width * 0.8, height * 0.5, width, height * 0.6);
        g.lineTo(width, height);
        g.lineTo(0, height);
        g.fill();
        g.fillStyle = `hsl(${(hue + 180) % 360}, 45%, 30%)`;
        g.fillRect(0, height * 0.82, width, height * 0.18);
      } else {
        g.fillStyle = `hsl(${hue}, 60%, 55%)`;
        g.fillRect(0, 0, width, height);
        g.fillStyle = "hsl(30, 60%, 80%)";
        g.beginPath();
        const s = Math.min(width, height);
        const cx = width / 2;
        g.beginPath();
        g.ellipse(cx, height * 1.05, s * 0.46, s * 0.4, 0, 0, Math.PI * 2);
        g.fill();
        g.beginPath();
        g.arc(cx, height * 0.45, s * 0.3, 0, Math.PI * 2);
        g.fill();
        g.fillStyle = `hsl(${(hue + 200) % 360}, 35%, 25%)`;
        g.beginPath();
        g.arc(cx, height * 0.4, s * 0.31, Math.PI * 1.05, Math.PI * 1.95);
        g.fill();
        g.fillStyle = "hsl(220, 30%, 20%)";
        for (const dx of [-0.11, 0.11]) {
          g.beginPath();
          g.arc(cx + s * dx, height * 0.46, s * 0.035, 0, Math.PI * 2);
          g.fill();
        }
        g.strokeStyle = "hsl(220, 30%, 20%)";
        g.lineWidth = s * 0.03;
        g.beginPath();
        g.arc(cx, height * 0.52, s * 0.12, 0.2 * Math.PI, 0.8 * Math.PI);
        g.stroke();
      }
      return canvas.toDataURL("image/png");
    },
    { drawing, width, height, hue },
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
}

export function testFile(name: string, type: string, bytes: Buffer): TestFile {
  return { name, type, base64: bytes.toString("base64") };
}

// Pastes files into the element `selector` matches (a ClipboardEvent with a
// DataTransfer, as a paste of a screenshot makes).
export async function pasteFiles(page: Page, selector: string, files: TestFile[]): Promise<void> {
  await page.evaluate(
    ({ selector, files }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      const target = document.querySelector(selector)!;
      target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    { selector, files },
  );
}

// Drags files over the element `selector` matches and drops them there.
export async function dropFiles(page: Page, selector: string, files: TestFile[]): Promise<void> {
  await page.evaluate(
    ({ selector, files }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      const target = document.querySelector(selector)!;
      for (const type of ["dragenter", "dragover", "drop"]) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { selector, files },
  );
}

// Slows the page's uploads down (Chromium's network emulation), so that an
// upload's progress can be seen; null lifts the limit.
export async function throttleUploads(cdp: CDPSession, bytesPerSecond: number | null): Promise<void> {
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
}
