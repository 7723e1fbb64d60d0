// Serves a request handler on 127.0.0.1 (port 0: any free port), for both demo dossier systems.
import http from 'node:http';

const HOST = '127.0.0.1';

/** → `{ url, port, close() }`; `close` ends open connections too and may be called more than once. */
export async function listen(handler, port) {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = server.address().port;
  let closing = null;
  return {
    url: `http://${HOST}:${actual}`,
    port: actual,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      return closing;
    },
  };
}
