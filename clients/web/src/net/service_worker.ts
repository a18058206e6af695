// Registers public/sw.js, which serves the app shell when natterd cannot be
// reached (what it caches, and what never: see the file). Not in the Vite
// dev server, whose modules are not content-hashed.

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // Without it the app still works online.
  });
}
