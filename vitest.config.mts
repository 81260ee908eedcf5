import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Examples import the package by name; tests run them against the sources.
const packageEntry = fileURLToPath(new URL("./provider/index.ts", import.meta.url));

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 30_000 } },
      { test: { name: "integration", include: ["test/integration/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 } },
      {
        resolve: { alias: [{ find: /^pulumi-telnyx-texml$/, replacement: packageEntry }] },
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/support/global-setup.ts"],
          // Each test drives the real Pulumi CLI; the first run may build it from Go modules.
          testTimeout: 300_000,
          hookTimeout: 3_600_000,
          pool: "forks",
          // Two cores: one Pulumi engine at a time keeps runs predictable.
          fileParallelism: false,
        },
      },
    ],
  },
});
