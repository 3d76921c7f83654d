// Test double of Telegram's Bot HTTP API on 127.0.0.1 (POST /bot<token>/sendMessage and
// /bot<token>/getUpdates with long polling), answering in Telegram's own JSON shapes
// ({ ok, result } / { ok: false, error_code, description, parameters }) so grammY's real client
// parses it. `sent` has one entry per message a chat would actually show; `requests` records every
// call (status 0 when the answer was dropped after sending).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTelegramOptions {
  token: string;
  /** sendMessage number (1-based) → an error to answer instead of sending, or null. */
  fail?: (request: number) => 429 | 500 | 403 | 400 | null;
  /** Seconds a 429 asks to wait (Telegram's `retry_after`; default 1). */
  retryAfter?: number;
  /** Send the message, then drop the connection without answering. */
  loseAnswer?: (request: number) => boolean;
}

export interface FakeTelegram {
  url: string;
  requests: { method: string; status: number; chatId?: string; path: string }[];
  sent: { messageId: number; chatId: string; text: string }[];
  /** Offsets getUpdates was called with, in order. */
  offsets: number[];
  /** Queues a private message from a user (e.g. "/start <code>"); returns its update id. */
  userSays(chatId: string, text: string): number;
  /** Queues an update again, as Telegram does with one whose confirmation never came (a crash). */
  redeliver(updateId: number): void;
  close(): Promise<void>;
}

interface Update {
  update_id: number;
  message: {
    message_id: number;
    date: number;
    chat: { id: number; type: 'private' };
    text: string;
  };
}

export async function startFakeTelegram(options: FakeTelegramOptions): Promise<FakeTelegram> {
  const requests: FakeTelegram['requests'] = [];
  const sent: FakeTelegram['sent'] = [];
  const offsets: number[] = [];
  const updates: Update[] = [];
  const history = new Map<number, Update>();
  const waiting = new Set<() => void>();
  let nextUpdateId = 500_000;
  let sendCount = 0;

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, code: number, description: string, extra = {}) =>
    reply(res, code, { ok: false, error_code: code, description, ...extra });

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(path);
      const method = match?.[2] ?? '';
      const record = (status: number, chatId?: string) =>
        requests.push({ method, status, chatId, path: path.replace(options.token, '<token>') });
      if (!match || match[1] !== options.token) {
        record(401);
        return error(res, 401, 'Unauthorized');
      }
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      if (method === 'sendMessage') {
        const n = ++sendCount;
        const chatId = String(body.chat_id);
        const failure = options.fail?.(n) ?? null;
        if (failure) {
          record(failure, chatId);
          if (failure === 429)
            return error(res, 429, `Too Many Requests: retry after ${options.retryAfter ?? 1}`, {
              parameters: { retry_after: options.retryAfter ?? 1 },
            });
          if (failure === 403) return error(res, 403, 'Forbidden: bot was blocked by the user');
          if (failure === 400) return error(res, 400, 'Bad Request: chat not found');
          return error(res, 500, 'Internal Server Error');
        }
        const messageId = sent.length + 1;
        sent.push({ messageId, chatId, text: String(body.text) });
        if (options.loseAnswer?.(n)) {
          record(0, chatId);
          req.socket.destroy();
          return;
        }
        record(200, chatId);
        return reply(res, 200, {
          ok: true,
          result: {
            message_id: messageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(chatId), type: 'private' },
            text: body.text,
          },
        });
      }
      if (method === 'getUpdates') {
        const offset = Number(body.offset ?? 0);
        offsets.push(offset);
        // Like Telegram: an offset confirms (forgets) every update before it.
        while (updates.length > 0 && (updates[0]?.update_id ?? 0) < offset) updates.shift();
        const answer = () => {
          record(200);
          reply(res, 200, { ok: true, result: updates.slice(0, Number(body.limit ?? 100)) });
        };
        const timeout = Number(body.timeout ?? 0);
        if (updates.length > 0 || timeout <= 0) return answer();
        const wake = () => {
          waiting.delete(wake);
          clearTimeout(timer);
          if (!res.writableEnded) answer();
        };
        const timer = setTimeout(wake, timeout * 1000);
        waiting.add(wake);
        req.socket.on('close', () => {
          waiting.delete(wake);
          clearTimeout(timer);
        });
        return;
      }
      record(404);
      return error(res, 404, 'Not Found: method not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    sent,
    offsets,
    redeliver(updateId) {
      const update = history.get(updateId);
      if (!update) throw new Error(`no update ${updateId}`);
      updates.push(update);
      for (const wake of [...waiting]) wake();
    },
    userSays(chatId, text) {
      const updateId = nextUpdateId++;
      const update: Update = {
        update_id: updateId,
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: 'private' },
          text,
        },
      };
      history.set(updateId, update);
      updates.push(update);
      for (const wake of [...waiting]) wake();
      return updateId;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of [...waiting]) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
