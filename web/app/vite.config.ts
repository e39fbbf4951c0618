import { cpSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig } from "vite";

// govuk-frontend's stylesheet loads its fonts and images from /assets; the build ships them there.
const govuk = join(dirname(createRequire(import.meta.url).resolve("govuk-frontend/package.json")), "dist", "govuk");

export default defineConfig({
  build: { assetsDir: "app", sourcemap: true },
  // govuk-frontend keeps a few old-IE media hacks; the minifier drops them instead of failing.
  css: { lightningcss: { errorRecovery: true } },
  plugins: [
    {
      name: "govuk-assets",
      apply: "build",
      writeBundle(options) {
        cpSync(join(govuk, "assets"), join(options.dir ?? "dist", "assets"), { recursive: true });
      },
    },
  ],
});
