// Envoy's typed_config type URLs, in one place.
const PREFIX = "type.googleapis.com/";

export const TYPE = {
  httpConnectionManager: `${PREFIX}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
  router: `${PREFIX}envoy.extensions.filters.http.router.v3.Router`,
  wasm: `${PREFIX}envoy.extensions.filters.http.wasm.v3.Wasm`,
  headerMutation: `${PREFIX}envoy.extensions.filters.http.header_mutation.v3.HeaderMutation`,
  headerMutationPerRoute: `${PREFIX}envoy.extensions.filters.http.header_mutation.v3.HeaderMutationPerRoute`,
  upstreamTls: `${PREFIX}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`,
  stringValue: `${PREFIX}google.protobuf.StringValue`,
} as const;

export const FILTER = {
  httpConnectionManager: "envoy.filters.network.http_connection_manager",
  router: "envoy.filters.http.router",
  wasm: "envoy.filters.http.wasm",
  headerMutation: "envoy.filters.http.header_mutation",
  tls: "envoy.transport_sockets.tls",
} as const;
