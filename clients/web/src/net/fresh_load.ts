// A load that callers share, and that never answers with news older than the
// call: a caller who asks while a load is on its way gets the next one, which
// starts once that one is over (one for every caller who asked meanwhile).
// Made for lists the server changes under us: someone who learned of a new
// conversation and asks for the list must get a list taken after they asked.
export function freshLoad(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const start = (): Promise<void> => {
    running = load().finally(() => {
      running = null;
    });
    return running;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .catch(() => {})
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
