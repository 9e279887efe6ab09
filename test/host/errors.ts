// Errors the host raises. A WasmAbort means the VM failed: Envoy would mark it failed and stop
// calling it, so every later call on the same host throws the same error again.

export type AbortKind = "proc_exit" | "trap" | "restricted";

/** The Wasm module aborted (AssemblyScript abort → proc_exit), trapped, or broke a host rule. */
export class WasmAbort extends Error {
  override readonly name = "WasmAbort";
  constructor(
    message: string,
    readonly kind: AbortKind,
    /** The host call or callback running when it failed, e.g. "proxy_on_request_headers". */
    readonly during: string,
    /** Last critical-level log line before the failure (AssemblyScript's abort message). */
    readonly criticalLog: string | null,
    readonly exitCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown inside host functions for an out-of-bounds guest pointer; answered with InvalidMemoryAccess. */
export class MemoryFault extends Error {
  override readonly name = "MemoryFault";
}

/** The module cannot be loaded the way Envoy loads it (missing ABI export, import Envoy lacks, …). */
export class WasmLoadError extends Error {
  override readonly name = "WasmLoadError";
}
