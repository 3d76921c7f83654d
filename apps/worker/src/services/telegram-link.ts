// Links Telegram chats to users: long-polls the bot's updates (getUpdates) and, for each private
// `/start <code>` message, links the chat to the user who asked for that code in Settings
// (@coinview/db/telegram-link), then tells the chat whether it worked.
//
// Where the offset lives: Telegram keeps it. Calling getUpdates with `offset = last id + 1`
// confirms every earlier update on Telegram's side, so a restarted worker is handed exactly the
// updates it had not confirmed yet. An update processed but not yet confirmed when the worker died
// comes again: linking is idempotent (the code is consumed by the first, the repeat finds nothing
// and is not answered again).
//
// Only one process may long-poll a bot (Telegram answers 409 to a second): with several workers
// the others back off and retry, and take over if the poller stops.
import { isTelegramChatLinked, linkTelegramChat } from '@coinview/db/telegram-link';
import type { Db } from '@coinview/db/client';
import type { Logger } from 'pino';
import type { TelegramApi } from '../adapters/telegram';
import { backoffDelay } from '../backoff';
import type { Service } from '../service';

const START = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/;

export const LINKED_TEXT =
  '✅ This chat is linked to your Coinview account: alerts and orders you send to Telegram arrive here.';
export const BAD_CODE_TEXT =
  'That link code is not valid or has expired. Open Coinview › Settings › Telegram for a new one.';

export interface TelegramLinkOptions {
  db: Db;
  api: TelegramApi;
  logger: Logger;
  /** Seconds each getUpdates request waits for news (default 25). */
  pollSeconds?: number;
}

export class TelegramLink implements Service {
  readonly name = 'telegram-link';
  private offset = 0;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();
  private failures = 0;

  constructor(private readonly opts: TelegramLinkOptions) {}

  start(): Promise<void> {
    this.abort = new AbortController();
    this.loop = this.run();
    this.opts.logger.info('telegram link polling started');
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const { lastUpdateId, messages } = await this.opts.api.getUpdates(
          this.offset,
          this.opts.pollSeconds ?? 25,
          signal,
        );
        this.failures = 0;
        for (const message of messages) await this.handle(message.chatId, message.text);
        if (lastUpdateId !== null) this.offset = lastUpdateId + 1;
      } catch (err) {
        if (signal.aborted) break;
        const wait = backoffDelay(this.failures++, { minMs: 1000, maxMs: 60_000 });
        this.opts.logger.warn({ err: String(err), waitMs: wait }, 'telegram getUpdates failed');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  }

  private async handle(chatId: string, text: string): Promise<void> {
    const match = START.exec(text.trim());
    if (!match) return; // the bot only sends; other messages are ignored
    const code = match[1];
    const linked = code ? await linkTelegramChat(this.opts.db, code, chatId) : false;
    // The code is a secret: neither it nor the user is logged, only that a chat tried.
    this.opts.logger.info({ linked }, 'telegram /start received');
    // A repeat of an update already handled (the worker died before confirming it) finds its code
    // consumed: stay quiet rather than contradict the first answer.
    if (!linked && code && (await isTelegramChatLinked(this.opts.db, chatId))) return;
    await this.opts.api
      .sendMessage(chatId, linked ? LINKED_TEXT : BAD_CODE_TEXT)
      .catch((err: unknown) =>
        this.opts.logger.warn({ err: String(err) }, 'telegram link answer not sent'),
      );
  }
}
