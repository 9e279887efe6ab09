/** Deployment facts the manifests do not carry; the CLI's flags. */
export interface EnvoyOptions {
  /** Path of the filter module as Envoy will see it. */
  wasmPath: string;
  adminPort: number;
  /** Address the Gateway listeners bind to. */
  listenerAddress: string;
  /** CA bundle upstream certificates are validated against. */
  caBundle: string;
  /** File every listener's access log is written to, as Envoy sees it; absent: Envoy's stdout. */
  accessLogPath?: string;
}

export const DEFAULT_ENVOY_OPTIONS: EnvoyOptions = {
  wasmPath: "build/weir.wasm",
  adminPort: 9901,
  listenerAddress: "0.0.0.0",
  caBundle: "/etc/ssl/certs/ca-certificates.crt",
};
