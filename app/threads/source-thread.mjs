// Entry of a worker thread when the app runs from source (npm run dev, tests): a thread starts
// without its parent's loader, so it registers tsx before loading its TypeScript module (argv[2]).
// The compiled app (npm run build) starts the thread's own bundle in build/node/ instead.
import { argv } from "node:process";
import { register } from "tsx/esm/api";

register();
await import(argv[2]);
