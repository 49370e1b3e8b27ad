import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests Node's HTTP parser refuses before the app sees them (a URL or headers over the
 * 16 KB limit, a malformed request line) get the same status Node would give, but with a
 * JSON body in the API's error shape saying why, instead of an empty one.
 */
export function answerClientErrorsClearly(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const timeout = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const [status, reason, message] = tooLarge
      ? [431, 'Request Header Fields Too Large', 'The URL or the headers are too large (at most 16 KB together)']
      : timeout
        ? [408, 'Request Timeout', 'The request did not arrive in time']
        : [400, 'Bad Request', 'The request is not well-formed HTTP'];
    const body = JSON.stringify({ statusCode: status, error: reason, message });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
