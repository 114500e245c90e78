// Vitest: jsdom, Testing Library, and a process time zone unlike any user's in the tests,
// so that code reading the machine's zone instead of the user's fails them.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

process.env.TZ = "Asia/Kolkata";

export default defineConfig({
  esbuild: { jsx: "automatic" },
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    env: { TZ: "Asia/Kolkata" },
  },
});
