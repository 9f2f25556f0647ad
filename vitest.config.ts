import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only queue up behind PostgreSQL and Redis.
    maxWorkers: 2,
    // Tests run at any hour on the real clock: no petitioner notice waits for the morning unless a
    // test sets its own office day (tests/integration/deadline-timers.test.ts).
    env: { QUIET_HOURS: "none" },
  },
});
