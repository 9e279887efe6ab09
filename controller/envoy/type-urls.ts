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
  httpProtocolOptions: `${PREFIX}envoy.extensions.upstreams.http.v3.HttpProtocolOptions`,
  upstreamCodec: `${PREFIX}envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec`,
  previousPriorities: `${PREFIX}envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig`,
  previousHosts: `${PREFIX}envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate`,
  stdoutAccessLog: `${PREFIX}envoy.extensions.access_loggers.stream.v3.StdoutAccessLog`,
  fileAccessLog: `${PREFIX}envoy.extensions.access_loggers.file.v3.FileAccessLog`,
} as const;

export const FILTER = {
  httpConnectionManager: "envoy.filters.network.http_connection_manager",
  router: "envoy.filters.http.router",
  wasm: "envoy.filters.http.wasm",
  headerMutation: "envoy.filters.http.header_mutation",
  tls: "envoy.transport_sockets.tls",
  upstreamCodec: "envoy.filters.http.upstream_codec",
  httpProtocolOptions: "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
  previousPriorities: "envoy.retry_priorities.previous_priorities",
  previousHosts: "envoy.retry_host_predicates.previous_hosts",
  stdoutAccessLog: "envoy.access_loggers.stdout",
  fileAccessLog: "envoy.access_loggers.file",
} as const;
