// The operator page's build: one script and one stylesheet with fixed names, written into the
// Python package (saleor_stepmail/static/saleor_stepmail/dashboard/), which serves them under a
// digest of their content (saleor_stepmail/dashboard/assets.py). Same sources, same bytes.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export const OUT_DIR = "../saleor_stepmail/static/saleor_stepmail/dashboard";

export default defineConfig({
  plugins: [react()],
  base: "./",
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // macaw-ui's fonts are files of their own beside the two, fetched only when a weight is used.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    cssCodeSplit: false,
    modulePreload: false,
    rollupOptions: {
      input: "src/main.tsx",
      output: {
        format: "es",
        entryFileNames: "app.js",
        assetFileNames: (info) => (info.names?.some((n) => n.endsWith(".css")) ? "style.css" : "fonts/[name][extname]"),
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
