// Probe endpoints for the kubelet: /healthz answers while the process runs;
// /readyz once a configuration is in the xDS directory (this run's, or one a
// previous run left), which is what Envoy needs to start. The Envoy pod's
// startup probe on /readyz is what holds Envoy back until then.
import http from "node:http";

export function startHealthServer(port: number, ready: () => boolean): http.Server {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const ok = path === "/healthz" || (path === "/readyz" && ready());
    res.writeHead(path === "/healthz" || path === "/readyz" ? (ok ? 200 : 503) : 404, { "content-type": "text/plain" });
    res.end(ok ? "ok\n" : path === "/readyz" ? "no configuration published yet\n" : "not found\n");
  });
  server.listen(port);
  return server;
}
