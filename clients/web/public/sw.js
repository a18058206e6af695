// Natter's service worker: the app shell when natterd cannot be reached.
//
// What it caches, and nothing else: the page at "/" (index.html), the
// content-hashed files under /assets/ that page names, and /favicon.svg.
// Never the API (/api/), the WebSocket (/ws), media (which travels under
// /api/ with a token in its address), nor any address with a query string.
// Requests it does not handle go to the network untouched.
//
// Updates: "/" is always asked of the network first, so a new deployment is
// what loads whenever the server answers; each fresh "/" replaces the cached
// shell and its assets, and assets no longer named are dropped. A changed
// sw.js takes over at once (skipWaiting, clients.claim) and deletes the
// caches of older versions.

const CACHE = "natter-shell-v1";
const SHELL = "/";

function isShellPath(pathname) {
  return pathname === "/" || pathname === "/index.html";
}

function isStaticAsset(pathname) {
  return pathname.startsWith("/assets/") || pathname === "/favicon.svg";
}

// The asset addresses an index.html names (script src, link href).
function assetsOf(html) {
  const found = new Set(["/favicon.svg"]);
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"?#]+)"/g)) found.add(m[1]);
  return [...found];
}

// Stores a fresh index.html (with its headers: the Content-Security-Policy
// holds offline too) and every asset it names; drops the rest.
async function storeShell(html, headers) {
  const cache = await caches.open(CACHE);
  const assets = assetsOf(html);
  for (const path of assets) {
    if (await cache.match(path)) continue;
    const res = await fetch(path, { cache: "no-cache" });
    if (!res.ok) return;
    await cache.put(path, res);
  }
  await cache.put(SHELL, new Response(html, { headers }));
  const keep = new Set([SHELL, ...assets]);
  for (const req of await cache.keys()) if (!keep.has(new URL(req.url).pathname)) await cache.delete(req);
}

async function fetchShell() {
  const res = await fetch(SHELL, { cache: "no-cache" });
  if (res.ok) await storeShell(await res.text(), res.headers);
}

self.addEventListener("install", (event) => {
  event.waitUntil(fetchShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

async function navigate(event) {
  try {
    const res = await fetch(event.request);
    if (res.ok && (res.headers.get("Content-Type") ?? "").startsWith("text/html")) {
      const copy = res.clone();
      event.waitUntil(copy.text().then((html) => storeShell(html, copy.headers)).catch(() => {}));
    }
    return res;
  } catch (e) {
    const cached = await caches.open(CACHE).then((c) => c.match(SHELL));
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const res = await fetch(request);
  if (res.ok && res.type === "basic") await cache.put(request, res.clone());
  return res;
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || req.headers.has("Authorization")) return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.search) return;
  if (req.mode === "navigate" && isShellPath(url.pathname)) event.respondWith(navigate(event));
  else if (isStaticAsset(url.pathname)) event.respondWith(cacheFirst(req));
});
