import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Integration tests run once on PGlite (the embedded default) and, when TEST_DATABASE_URL names a
// PostgreSQL server, once more against it: the same migrations and queries must hold on both.
const databaseProjects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: "integration:pglite",
      include: ["tests/integration/**/*.test.ts"],
      env: { CRM_TEST_DATABASE: "pglite" },
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
];
if (process.env.TEST_DATABASE_URL) {
  databaseProjects.push({
    extends: true,
    test: {
      name: "integration:postgres",
      include: ["tests/integration/**/*.test.ts"],
      env: { CRM_TEST_DATABASE: "postgres" },
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
}

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      ...databaseProjects,
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/support/global-setup.ts"],
          // A browser test that fails is run once more: on a loaded 2-core machine a page's timing
          // varies (a console message of an aborted fetch, a hydration racing a reload). A fault
          // of the app repeats and fails the run; vitest lists the retried test either way.
          retry: 1,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      {
        // Fault injection (tests/faults): real server processes killed, a private PostgreSQL
        // restarted. Run after the other projects and one file at a time, so that the recovery
        // figures they print are not the machine's contention.
        extends: true,
        test: {
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          globalSetup: ["tests/faults/support/global-setup.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
