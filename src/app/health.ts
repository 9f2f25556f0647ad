/**
 * /healthz: the process is up. /readyz: the database, Redis and the queues answer (503 and which
 * one does not, otherwise). On a local port, for a supervisor or load balancer to poll.
 */
import { createServer, type Server } from "node:http";

export async function startHealthServer(port: number, readiness: () => Promise<Record<string, string>>): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path === "/healthz") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
      return;
    }
    if (path === "/readyz") {
      readiness().then(
        (checks) => {
          const ready = Object.values(checks).every((value) => value === "ok");
          response.writeHead(ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: ready ? "ok" : "unavailable", checks }));
        },
        () => response.writeHead(503).end(),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
