// Refuses request bodies over the limit (MAX_BODY_BYTES) before they are read: Next's route
// handlers read a body whole, whatever its size. A declared Content-Length over the limit is
// refused at once; a chunked body is counted as the socket delivers it and cut off when it passes
// the limit. Written by hand: body parsers (raw-body, express.json) would read the body themselves,
// while here Next must keep reading the same stream.
import type { IncomingMessage, ServerResponse } from 'node:http';

function refuse(res: ServerResponse, limit: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: `Request body larger than ${limit} bytes` });
  // Connection: close, so Node does not read the rest of the body to reuse the connection.
  res.writeHead(413, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.end(body);
}

/**
 * Returns false (and answers 413) when the request declares a body over `limit`; otherwise lets
 * the request through and answers 413 as soon as a body without a length grows past it.
 */
export function limitRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): boolean {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    // Node's parser already rejects a malformed or duplicated Content-Length, and a request with
    // both Content-Length and Transfer-Encoding.
    if (Number(declared) > limit) {
      refuse(res, limit);
      return false;
    }
    return true;
  }
  if (req.headers['transfer-encoding'] === undefined) return true; // no body
  // Count what Node's HTTP parser pushes into the request stream: whoever reads the body (Next)
  // reads through the same stream, so nothing past the limit ever reaches it.
  let received = 0;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk !== null && chunk !== undefined) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        req.push = () => false;
        refuse(res, limit);
        res.once('finish', () => req.destroy());
        return false;
      }
    }
    return push(chunk, encoding);
  };
  return true;
}
