// Entry of a webhook verification thread. The app runs its TypeScript through tsx; a worker thread
// starts with a loader of its own, so it registers tsx before loading the thread's module.
import { register } from "tsx/esm/api";

register();
await import("./verification-thread.server.ts");
