// Entry of a webhook verification thread when the app runs from source (npm run dev, tests): a worker
// thread starts without its parent's loader, so it registers tsx before loading the thread's module.
// The compiled app (npm run build) starts build/node/verification-thread.js instead.
import { register } from "tsx/esm/api";

register();
await import("./verification-thread.server.ts");
