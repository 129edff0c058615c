import { ensureRemixBuild } from "./app-process";

// Builds the admin once before the fault tests if it is missing (see ensureRemixBuild), rather
// than in the first test's time. In `npm test` the faults run after the e2e project, whose build
// is then present.

export default function setup(): void {
  ensureRemixBuild();
}
