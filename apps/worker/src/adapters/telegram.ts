// Telegram's Bot HTTP API through grammY's `Api` client (the maintained TypeScript client of the
// Bot API; it builds `<apiRoot>/bot<token>/<method>` requests and keeps the token out of its error
// messages). `apiUrl` (TELEGRAM_API_URL) points it at a local fake in tests. Failures become
// TelegramError with what a retry policy needs: whether the same request can ever succeed, and
// Telegram's `retry_after` when it throttles.
import { Api, GrammyError, HttpError } from 'grammy';

export const DEFAULT_TELEGRAM_API_URL = 'https://api.telegram.org';

export class TelegramError extends Error {
  constructor(
    message: string,
    /** The same request will fail again (chat not found, bot blocked, bad request). */
    readonly permanent: boolean,
    /** Seconds Telegram asked us to wait (HTTP 429), when it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'TelegramError';
  }
}

/** A text message a user sent the bot (private chats only: that is where /start links happen). */
export interface TelegramIncoming {
  updateId: number;
  chatId: string;
  text: string;
}

export interface TelegramApi {
  /** Returns Telegram's message id. */
  sendMessage(chatId: string, text: string): Promise<number>;
  /** Long polling: waits up to `timeoutSeconds` for updates after `offset` (which confirms older ones). */
  getUpdates(
    offset: number,
    timeoutSeconds: number,
    signal?: AbortSignal,
  ): Promise<{
    lastUpdateId: number | null;
    messages: TelegramIncoming[];
  }>;
}

function toTelegramError(err: unknown): TelegramError {
  if (err instanceof GrammyError) {
    const retryAfter = err.parameters.retry_after ?? null;
    // 429 throttling and Telegram's own 5xx are worth retrying; other 4xx are final.
    const permanent = err.error_code >= 400 && err.error_code < 500 && err.error_code !== 429;
    return new TelegramError(
      `Telegram ${err.error_code}: ${err.description}`,
      permanent,
      retryAfter,
    );
  }
  if (err instanceof HttpError) return new TelegramError(err.message, false);
  return new TelegramError(err instanceof Error ? err.message : String(err), false);
}

export class TelegramBotApi implements TelegramApi {
  private readonly api: Api;

  constructor(opts: { token: string; apiUrl?: string; timeoutSeconds?: number }) {
    this.api = new Api(opts.token, {
      apiRoot: (opts.apiUrl ?? DEFAULT_TELEGRAM_API_URL).replace(/\/+$/, ''),
      // Longer than the long-polling wait of getUpdates, which holds the request open by design.
      timeoutSeconds: opts.timeoutSeconds ?? 40,
    });
  }

  async sendMessage(chatId: string, text: string): Promise<number> {
    try {
      const message = await this.api.sendMessage(chatId, text.slice(0, 4096), {
        link_preview_options: { is_disabled: true },
      });
      return message.message_id;
    } catch (err) {
      throw toTelegramError(err);
    }
  }

  async getUpdates(offset: number, timeoutSeconds: number, signal?: AbortSignal) {
    try {
      const updates = await this.api.getUpdates(
        { offset, timeout: timeoutSeconds, allowed_updates: ['message'] },
        // grammY types its signal as the abort-controller polyfill's; Node's own is what it
        // checks for at run time (an object with addEventListener).
        signal as Parameters<Api['getUpdates']>[1],
      );
      const messages: TelegramIncoming[] = [];
      for (const update of updates) {
        const message = update.message;
        if (message?.chat.type === 'private' && typeof message.text === 'string')
          messages.push({
            updateId: update.update_id,
            chatId: String(message.chat.id),
            text: message.text,
          });
      }
      return { lastUpdateId: updates.at(-1)?.update_id ?? null, messages };
    } catch (err) {
      throw toTelegramError(err);
    }
  }
}
