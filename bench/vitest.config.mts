import { defineConfig } from "vitest/config";

// `npm run bench` runs the Pulumi-engine measurements through vitest only to reuse the
// e2e harness (emulator + real CLI); nothing in bench/ asserts a time.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["bench/**/*.bench.ts"],
    globalSetup: ["test/e2e/support/global-setup.ts"],
    testTimeout: 900_000,
    hookTimeout: 3_600_000,
    pool: "forks",
    fileParallelism: false,
  },
});
