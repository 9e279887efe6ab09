// The watch half of an informer, over node's own http(s): one JSON event per
// line, done() at the end, as client-node's Watch. It exists because
// client-node 1.4's Watch ends up with no timeout at all (its code replaces
// the timeout signal it builds), so a connection that died silently (a node
// or load balancer gone) would leave the informer deaf for good. This one
// asks the API server to end each watch after a few minutes, keeps TCP
// keepalive on, and asks for bookmarks so that resuming from the last
// resourceVersion rarely needs a new list.
import http from "node:http";
import https from "node:https";
import { createInterface } from "node:readline";
import type { KubeConfig } from "@kubernetes/client-node/dist/config.js";

type Callback = (phase: string, object: any, event: any) => void;
type Done = (error: any) => void;

const MIN_TIMEOUT_SECONDS = 240;

export class HttpWatch {
  constructor(private readonly kc: KubeConfig) {}

  async watch(path: string, query: Record<string, unknown>, callback: Callback, done: Done): Promise<{ abort(): void }> {
    const server = this.kc.getCurrentCluster()?.server;
    if (!server) throw new Error("the kubeconfig has no current cluster");
    const url = new URL(server + path);
    url.searchParams.set("watch", "true");
    url.searchParams.set("allowWatchBookmarks", "true");
    // Spread out so that informers do not all reconnect at once.
    const timeoutSeconds = MIN_TIMEOUT_SECONDS + Math.floor(Math.random() * 60);
    url.searchParams.set("timeoutSeconds", String(timeoutSeconds));
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
    const options: https.RequestOptions = { method: "GET", headers: { accept: "application/json" } };
    await this.kc.applyToHTTPSOptions(options);

    let finished = false;
    const request = (url.protocol === "https:" ? https : http).request(url, options);
    const finish = (error: unknown) => {
      if (finished) return;
      finished = true;
      request.destroy();
      done(error ?? null);
    };
    request.on("socket", (socket) => socket.setKeepAlive(true, 30_000));
    // Silence past the server's own deadline means the server is gone.
    request.setTimeout((timeoutSeconds + 30) * 1000, () => request.destroy(new Error(`watch ${path}: no data for ${timeoutSeconds + 30} s`)));
    request.on("error", finish);
    request.on("response", (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        const error = Object.assign(new Error(`watch ${path}: ${res.statusCode} ${res.statusMessage ?? ""}`.trim()), { statusCode: res.statusCode });
        return finish(error);
      }
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      // readline re-emits the response's errors (a reset, or our own abort).
      lines.on("error", finish);
      lines.on("line", (line) => {
        let event: { type: string; object: unknown };
        try {
          event = JSON.parse(line);
        } catch {
          return; // not a whole event; the stream is line-delimited JSON
        }
        callback(event.type, event.object, event);
      });
      res.on("error", finish);
      res.on("end", () => finish(null));
      res.on("close", () => finish(null));
    });
    request.end();
    return {
      abort() {
        finished = true;
        request.destroy();
      },
    };
  }
}
