// Bundles the controller into executable files: dist/weir.js, the CLI, and
// dist/weir-run.js, `weir run` (the Kubernetes controller), which weir.js
// loads only for that command: the Kubernetes client is most of the code, and
// render and validate start faster without it.
// CommonJS output: package.json has no "type": "module", so Node would warn
// on every run if a .js file held ESM.
import { build } from "esbuild";
import { chmodSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const dist = (name) => new URL(`../dist/${name}`, import.meta.url).pathname;
const source = (name) => new URL(`./${name}`, import.meta.url).pathname;

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "eof",
  define: { WEIR_VERSION: JSON.stringify(pkg.version) },
  logLevel: "warning",
};

// cli.ts requires ./kube/run-command.ts when `weir run` is asked for: in the
// bundle that require names the file beside it.
const runCommandApart = {
  name: "run-command-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/kube\/run-command\.ts$/ }, () => ({ path: "./weir-run.js", external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: [source("main.ts")], outfile: dist("weir.js"), banner: { js: "#!/usr/bin/env node" }, plugins: [runCommandApart] }),
  build({ ...common, entryPoints: [source("kube/run-command.ts")], outfile: dist("weir-run.js") }),
]);

// Runnable as ./dist/weir.js, not only through npm's bin link.
chmodSync(dist("weir.js"), 0o755);
