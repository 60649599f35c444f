import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The platform's build of every app workspace: root and outDir come from the command line, and
// the output must satisfy the preview's CSP (no inline scripts or styles, nothing remote).
export default defineConfig({
  base: "./",
  plugins: [react(), tailwindcss()],
  logLevel: "warn",
  clearScreen: false,
  build: {
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
