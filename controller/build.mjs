// Bundles the controller into one executable file, dist/weir.js.
// CommonJS output: package.json has no "type": "module", so Node would warn
// on every run if a .js file held ESM.
import { build } from "esbuild";
import { chmodSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const outfile = new URL("../dist/weir.js", import.meta.url).pathname;

await build({
  entryPoints: [new URL("./main.ts", import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "eof",
  define: { WEIR_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});

// Runnable as ./dist/weir.js, not only through npm's bin link.
chmodSync(outfile, 0o755);
