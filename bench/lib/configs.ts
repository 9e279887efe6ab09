// Envoy configs for the bench: the manifests in bench/manifests/ rendered once
// by the controller's real CLI (dist/weir.js render), then variants derived
// from that one render so that listener, routes, clusters and every other
// filter stay identical:
//   plain  — the wasm filter removed from http_filters
//   abi    — the module swapped for bench/abi-floor.ts (the ABI with no SDK)
//   policy — the module swapped for bench/policy-floor.ts (Weir's host calls for the bench request, no work)
//   empty  — the module swapped for bench/empty-filter.ts (proxy-runtime, no work)
//   weir   — as rendered
// Only the listener and admin ports differ between variants.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadYaml } from "@kubernetes/client-node/dist/yaml.js";
import { REPO_ROOT } from "../../test/support/envoy.ts";

export const MANIFEST_DIR = join(REPO_ROOT, "bench", "manifests");
const WASM_FILTER = "envoy.filters.http.wasm";

export type Rendered = { ok: true; config: any; pluginConfig: string } | { ok: false; error: string };

/** Fills `${NAME}` placeholders; an unknown placeholder is an error, not a silent blank. */
export function fillPlaceholders(text: string, values: Record<string, string | number>, file: string): string {
  return text.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${file}: unknown placeholder \${${name}}`);
    return String(values[name]);
  });
}

/** Renders the named manifest files (relative to bench/manifests) with `weir render`. */
export function renderManifests(files: string[], values: Record<string, string | number>, wasmPath: string, adminPort: number): Rendered {
  const dir = mkdtempSync(join(tmpdir(), "weir-bench-render-"));
  try {
    const inputs = files.map((file) => {
      const out = join(dir, file.replace(/\//g, "_"));
      writeFileSync(out, fillPlaceholders(readFileSync(join(MANIFEST_DIR, file), "utf8"), values, file));
      return out;
    });
    const output = join(dir, "envoy.yaml");
    const result = spawnSync(process.execPath, [
      join(REPO_ROOT, "dist", "weir.js"), "render", ...inputs.flatMap((f) => ["-f", f]), "-o", output,
      "--wasm", wasmPath, "--admin-port", String(adminPort), "--listener-address", "127.0.0.1",
    ], { encoding: "utf8" });
    if (result.status !== 0) return { ok: false, error: (result.stderr || result.stdout).trim().split(dir + "/").join("") };
    const config = loadYaml<any>(readFileSync(output, "utf8"));
    const filters = wasmFilters(config);
    if (filters.length !== 1) return { ok: false, error: `expected one ${WASM_FILTER} in the render, found ${filters.length}` };
    return { ok: true, config, pluginConfig: String(filters[0].typed_config?.config?.configuration?.value ?? "") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type VariantKind = "plain" | "abi" | "policy" | "empty" | "weir";

export interface Modules {
  weir: string;
  empty: string;
  abi: string;
  policy: string;
}

/** A copy of the rendered config for one variant, on its own ports. */
export function deriveVariant(rendered: any, kind: VariantKind, modules: Modules, listenerPort: number, adminPort: number): any {
  const config = structuredClone(rendered);
  config.admin.address.socket_address.port_value = adminPort;
  const listeners: any[] = config.static_resources.listeners;
  if (listeners.length !== 1) throw new Error(`expected one listener in the render, found ${listeners.length}`);
  listeners[0].address.socket_address.port_value = listenerPort;
  for (const hcm of connectionManagers(config)) {
    const chain: any[] = hcm.http_filters;
    const at = chain.findIndex((f) => f.name === WASM_FILTER);
    if (at < 0) continue;
    if (kind === "plain") {
      chain.splice(at, 1);
      continue;
    }
    const wasm = chain[at].typed_config.config;
    if (kind === "weir") wasm.vm_config.code.local.filename = modules.weir;
    if (kind === "empty") {
      wasm.vm_config.code.local.filename = modules.empty;
      wasm.root_id = "bench-empty"; // what bench/empty-filter.ts registers
    }
    if (kind === "abi") wasm.vm_config.code.local.filename = modules.abi;
    if (kind === "policy") wasm.vm_config.code.local.filename = modules.policy;
  }
  return config;
}

function connectionManagers(config: any): any[] {
  const out: any[] = [];
  for (const listener of config.static_resources?.listeners ?? []) {
    for (const chain of listener.filter_chains ?? []) {
      for (const filter of chain.filters ?? []) {
        if (filter.name === "envoy.filters.network.http_connection_manager") out.push(filter.typed_config);
      }
    }
  }
  return out;
}

function wasmFilters(config: any): any[] {
  return connectionManagers(config).flatMap((hcm) => (hcm.http_filters ?? []).filter((f: any) => f.name === WASM_FILTER));
}

/** The names of the http filters of the first connection manager, for the report. */
export function filterChain(config: any): string[] {
  return (connectionManagers(config)[0]?.http_filters ?? []).map((f: any) => f.name.replace(/^envoy\.filters\.http\./, ""));
}
