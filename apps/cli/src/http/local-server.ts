/**
 * The small HTTP server of `acgan serve` and `acgan dashboard`: GET and HEAD only,
 * fixed routes, no-store, nosniff; listens where it is told (loopback by default),
 * prints its url, and stops on SIGINT or SIGTERM.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
};

export const TEXT = 'text/plain; charset=utf-8';

export function send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(headOnly ? undefined : body);
}

export function sendFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  const size = statSync(file).size;
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** `--host` and `--port` of a local server command, checked: the host's text, a port in [0, 65535]. */
export function hostAndPort(flags: Map<string, string | true>): { host: string; port: number } {
  const host = flags.get('host') ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw new Error('--host needs an address, e.g. 127.0.0.1');
  const portArg = flags.get('port') ?? '0';
  const port = typeof portArg === 'string' && /^[0-9]+$/.test(portArg) ? Number(portArg) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`--port ${JSON.stringify(portArg)} must be an integer in [0, 65535]`);
  return { host, port };
}

/**
 * Serves `handle` on host:port until SIGINT or SIGTERM. Only GET and HEAD reach it;
 * /favicon.ico is answered here; a handler that throws gets a 500. Calls `listening`
 * with the url once bound; resolves with the signal after the server has closed.
 */
export async function serveUntilSignal(
  name: string,
  opts: { host: string; port: number; handle: (req: IncomingMessage, res: ServerResponse, path: string) => void | Promise<void>; listening: (url: string) => void },
): Promise<NodeJS.Signals> {
  const server: Server = createServer((req, res) => {
    const fail = (e: unknown) => {
      if (!res.headersSent) send(res, 500, TEXT, `internal error: ${(e as Error).message}\n`);
      else res.destroy();
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return send(res, 405, TEXT, 'method not allowed\n');
      }
      const raw = req.url ?? '/';
      if (!raw.startsWith('/')) return send(res, 400, TEXT, 'bad request\n');
      const path = raw.split(/[?#]/, 1)[0];
      if (path === '/favicon.ico') {
        res.writeHead(204, { 'Cache-Control': 'max-age=86400' });
        return void res.end();
      }
      Promise.resolve(opts.handle(req, res, path)).catch(fail);
    } catch (e) {
      fail(e);
    }
  });
  const { host, port } = opts;
  const url = await new Promise<string>((resolveUrl, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${host}:${port}: ${e.code ?? ''} ${e.message}`.replace(/  +/g, ' '))));
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolveUrl(`http://${host.includes(':') ? `[${host}]` : host}:${actual}/`);
    });
  });
  server.on('error', (e) => console.error(`${name}: ${e.message}`));
  opts.listening(url);
  const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
    const stop = (s: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveSignal(s);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
  console.error(`${name}: stopped (${signal})`);
  return signal;
}
