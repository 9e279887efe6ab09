// Splits the bootstrap the render pipeline produces (static listeners and
// clusters) into the xDS resources Envoy reads from files at run time:
//
//   CDS  clusters, as rendered
//   LDS  listeners whose HTTP connection manager names its routes (RDS) and
//        its Weir filter (ECDS) instead of inlining them
//   RDS  one RouteConfiguration per listener
//   ECDS one Weir filter configuration (the plugin config) per listener
//
// Why split rather than ship whole listeners: a changed listener is a new
// listener, and Envoy drains the old one, so keep-alive clients go on using
// the old policy until their connection closes. A changed RDS or ECDS resource
// applies to the next request on every existing connection, while requests in
// flight finish with the config they started with. Only a Gateway change
// (ports, listeners) changes LDS itself.
//
// Pure, and driven by the bootstrap's structure rather than by the IR, so
// whatever the Envoy stage renders into a listener is carried over unchanged.
import { createHash } from "node:crypto";
import { TYPE } from "../envoy/type-urls.ts";

export interface XdsResources {
  clusters: object[];
  listeners: object[];
  routes: NamedResource[];
  filters: NamedResource[];
}

/** An RDS or ECDS resource and the file Envoy's subscription reads it from. */
export interface NamedResource {
  name: string;
  file: string;
  resource: object;
}

/** Where Envoy reads the files: every subscription watches this one directory. */
export interface XdsLocation {
  dir: string;
}

const ROUTE_CONFIGURATION = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
const TYPED_EXTENSION_CONFIG = "type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig";

type Loose = Record<string, any>;

export function xdsResources(bootstrap: object, at: XdsLocation): XdsResources {
  const statics = (bootstrap as Loose).static_resources ?? {};
  const routes: NamedResource[] = [];
  const filters: NamedResource[] = [];
  const listeners = ((statics.listeners ?? []) as Loose[]).map((listener) =>
    mapConnectionManagers(listener, (hcm) => {
      const routeConfig = hcm.route_config as Loose | undefined;
      const { route_config: _inline, ...rest } = hcm;
      const out: Loose = { ...rest };
      if (routeConfig) {
        const name = String(routeConfig.name ?? listener.name);
        const file = fileFor("rds", name);
        routes.push({ name, file, resource: { "@type": ROUTE_CONFIGURATION, ...routeConfig, name } });
        out.rds = { route_config_name: name, config_source: pathSource(at, file) };
      }
      out.http_filters = ((hcm.http_filters ?? []) as Loose[]).map((filter) => {
        if (filter.typed_config?.["@type"] !== TYPE.wasm) return filter;
        // ECDS resource names are global: qualify the filter by its listener.
        const name = `${listener.name}/${filter.name}`;
        const file = fileFor("ecds", name);
        filters.push({ name, file, resource: { "@type": TYPED_EXTENSION_CONFIG, name, typed_config: filter.typed_config } });
        return {
          name,
          config_discovery: {
            config_source: pathSource(at, file),
            type_urls: [TYPE.wasm],
          },
        };
      });
      return out;
    }),
  );
  return { clusters: (statics.clusters ?? []) as object[], listeners, routes, filters };
}

// Each RDS and ECDS resource has a file of its own: a file subscription hands
// Envoy every resource in the file, and an RDS subscription refuses more than
// one. The name is hashed so that any resource name makes a safe, stable file
// name (a stable path keeps the listener unchanged when only routes change).
function fileFor(kind: "rds" | "ecds", name: string): string {
  return `${kind}-${createHash("sha256").update(name).digest("hex").slice(0, 16)}.json`;
}

function pathSource(at: XdsLocation, file: string): object {
  return {
    path_config_source: { path: `${at.dir}/${file}`, watched_directory: { path: at.dir } },
    resource_api_version: "V3",
  };
}

function mapConnectionManagers(listener: Loose, map: (hcm: Loose) => Loose): Loose {
  return {
    ...listener,
    filter_chains: ((listener.filter_chains ?? []) as Loose[]).map((chain) => ({
      ...chain,
      filters: ((chain.filters ?? []) as Loose[]).map((f) =>
        f.typed_config?.["@type"] === TYPE.httpConnectionManager ? { ...f, typed_config: map(f.typed_config) } : f,
      ),
    })),
  };
}
