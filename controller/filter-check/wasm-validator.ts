// Runs the filter's own configuration parser (build/weir.wasm's
// weir_validate_config export) on a plugin config, so that a config that
// renders is a config the filter loads: same JSON parser, same regex parser.
//
// The module is a proxy-wasm filter, so it imports host functions; none is
// called while validating, so each import is a no-op returning 0, except
// proc_exit (how the module aborts), which stops the call.
import { existsSync, readFileSync } from "node:fs";

/** Returns the filter's refusal of a plugin config JSON, or undefined when it loads. */
export type PluginConfigValidator = (json: string) => string | undefined;

export class FilterModuleError extends Error {}

interface ValidatorExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  weir_validate_config(pointer: number, length: number): number;
  weir_validation_error(): number;
}

export function loadFilterValidator(wasmPath: string): PluginConfigValidator {
  if (!existsSync(wasmPath)) {
    throw new FilterModuleError(
      `the Weir filter module ${wasmPath} does not exist, and it is needed to check the plugin config ` +
        `with the filter's own parser: run "npm run build:filter", or pass --wasm <path to weir.wasm>`,
    );
  }
  let exports: ValidatorExports;
  try {
    const module = new WebAssembly.Module(readFileSync(wasmPath));
    const noop = new Proxy({}, { get: () => () => 0 });
    const wasi = new Proxy({}, {
      get: (_, name) => (name === "proc_exit" ? () => { throw new FilterModuleError("the filter aborted while validating"); } : () => 0),
    });
    exports = new WebAssembly.Instance(module, { env: noop, wasi_unstable: wasi }).exports as unknown as ValidatorExports;
  } catch (e) {
    throw new FilterModuleError(`${wasmPath} cannot be loaded as the Weir filter: ${(e as Error).message}`);
  }
  if (typeof exports.weir_validate_config !== "function") {
    throw new FilterModuleError(`${wasmPath} has no weir_validate_config export: rebuild it with "npm run build:filter"`);
  }
  return (json) => {
    const bytes = new TextEncoder().encode(json);
    const pointer = exports.malloc(bytes.length);
    try {
      // The memory may grow inside any call: take its buffer afresh each time.
      new Uint8Array(exports.memory.buffer, pointer, bytes.length).set(bytes);
      const length = exports.weir_validate_config(pointer, bytes.length);
      if (length === 0) return undefined;
      const at = exports.weir_validation_error();
      return new TextDecoder().decode(new Uint8Array(exports.memory.buffer, at, length).slice());
    } finally {
      exports.free(pointer);
    }
  };
}
