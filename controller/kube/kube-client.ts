// The few API server calls the controller makes beyond watching: list, get,
// create, update, and merge-patch a status. Raw HTTP on top of KubeConfig
// (which applies the CA, client certificate or token, exec plugins included)
// rather than the generated API clients: those pull ~1.7 MB into the bundle,
// and the custom resources here have no generated client anyway.
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node/dist/config.js";

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly method: string,
    readonly path: string,
    /** The API server's Status message, which never holds object data. */
    readonly reason: string,
  ) {
    super(`${method} ${path}: ${statusCode} ${reason}`);
  }
}

export interface KubeClient {
  /** `accept` asks for another representation, e.g. a Table (what kubectl get prints). */
  get<T = any>(path: string, accept?: string): Promise<T>;
  /** Like get, but undefined for 404. */
  find<T = any>(path: string): Promise<T | undefined>;
  create<T = any>(path: string, body: object): Promise<T>;
  replace<T = any>(path: string, body: object): Promise<T>;
  mergePatch<T = any>(path: string, body: object): Promise<T>;
  /** Server-side apply of one object (what `kubectl apply --server-side` does). */
  apply<T = any>(path: string, body: object, fieldManager: string): Promise<T>;
  delete(path: string): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 30_000;

export function kubeClient(kc: KubeConfig): KubeClient {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error("the kubeconfig has no current cluster");

  async function call(method: string, path: string, body?: object, contentType = "application/json", accept = "application/json"): Promise<any> {
    const url = new URL(server + path);
    const options: https.RequestOptions = {
      method,
      headers: { accept, ...(body ? { "content-type": contentType } : {}) },
      timeout: REQUEST_TIMEOUT_MS,
    };
    await kc.applyToHTTPSOptions(options);
    const payload = body ? JSON.stringify(body) : undefined;
    return new Promise((resolve, reject) => {
      const request = (url.protocol === "https:" ? https : http).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(text ? JSON.parse(text) : undefined);
          reject(new ApiError(status, method, path, statusMessage(text) ?? res.statusMessage ?? "error"));
        });
      });
      request.on("timeout", () => request.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      request.on("error", reject);
      request.end(payload);
    });
  }

  return {
    get: (path, accept) => call("GET", path, undefined, undefined, accept),
    async find(path) {
      try {
        return await call("GET", path);
      } catch (e) {
        if (e instanceof ApiError && e.statusCode === 404) return undefined;
        throw e;
      }
    },
    create: (path, body) => call("POST", path, body),
    replace: (path, body) => call("PUT", path, body),
    mergePatch: (path, body) => call("PATCH", path, body, "application/merge-patch+json"),
    apply: (path, body, fieldManager) =>
      call("PATCH", `${path}?fieldManager=${encodeURIComponent(fieldManager)}&force=true`, body, "application/apply-patch+yaml"),
    delete: (path) => call("DELETE", path),
  };
}

function statusMessage(text: string): string | undefined {
  try {
    const status = JSON.parse(text) as { kind?: string; message?: string };
    return status.kind === "Status" ? status.message : undefined;
  } catch {
    return undefined;
  }
}
