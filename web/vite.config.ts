import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import { tanstackRouter } from "@tanstack/router-plugin/vite";
import react from "@vitejs/plugin-react";
import { build, defineConfig, loadEnv, type Plugin } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The demo app the preview shows until real builds exist: a build of its own, with relative
 * asset paths, so the server can serve it under the preview path with the sandbox headers.
 */
function fixtureApp(): Plugin {
  return {
    name: "second-fixture-app",
    apply: "build",
    async closeBundle() {
      await build({
        configFile: false,
        root: here("./fixture-app"),
        base: "./",
        logLevel: "warn",
        plugins: [react()],
        build: { outDir: here("../dist/web/fixture-app"), emptyOutDir: true },
      });
    },
  };
}

/** The server the dev proxy forwards to: `npm run dev` sets SECOND_API_URL to its port. */
function apiUrl(mode: string): string {
  return loadEnv(mode, here(".."), "SECOND_").SECOND_API_URL ?? "http://127.0.0.1:3000";
}

export default defineConfig(({ mode }) => ({
  root: here("."),
  plugins: [
    tanstackRouter({
      target: "react",
      autoCodeSplitting: true,
      routesDirectory: here("./src/routes"),
      generatedRouteTree: here("./src/routeTree.gen.ts"),
      quoteStyle: "double",
    }),
    react(),
    tailwindcss(),
    fixtureApp(),
  ],
  build: { outDir: here("../dist/web"), emptyOutDir: true },
  server: {
    port: 5173,
    strictPort: true,
    // Transform the client's entry on start, so the first page load does not wait for it.
    warmup: { clientFiles: ["./src/main.tsx"] },
    // Every path the server answers. The page's Host is kept (Vite's shorthand would rewrite it
    // to the API's), so the server sees the origin the browser is on, whichever name was typed.
    proxy: Object.fromEntries(
      ["/trpc", "/api", "/preview", "/fixture-app", "/healthz"].map((p) => [
        p,
        { target: apiUrl(mode), changeOrigin: false },
      ]),
    ),
  },
}));
