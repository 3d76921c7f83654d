// Where the signed-in user's alerts go: alert email (verified by a link), in-app, webhook. Scoped
// to ctx.session.user.id; no input names a user.
import { emailFrom, emailTransport, env } from '~/env';
import {
  createEmailVerification,
  findEmailVerificationSentAfter,
  getNotificationSettings,
  getWebhookTarget,
  NotificationSettingsInvalidError,
  rotateWebhookSecret,
  updateNotificationSettings,
} from '@coinview/db/notification-settings';
import { checkWebhookUrl, type WebhookPolicy } from '@coinview/webhooks/url-policy';
import { TRPCError } from '@trpc/server';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { appOrigin } from '~/server/notifications/app-origin';
import { sendVerificationEmail } from '~/server/notifications/verification-email';
import { sendTestWebhook } from '~/server/notifications/webhook-test';
import { createTRPCRouter, fieldError, protectedProcedure } from '../trpc';

export const notificationSettingsInput = z.object({
  email: z.email('Enter a valid email address').max(254).nullable().optional().or(z.literal('')),
  emailEnabled: z.boolean().optional(),
  inAppEnabled: z.boolean().optional(),
  webhookUrl: z.string().trim().max(2000, 'At most 2000 characters').nullable().optional(),
  webhookEnabled: z.boolean().optional(),
  defaultTemplate: z.string().max(2000, 'At most 2000 characters').nullable().optional(),
});

export interface NotificationSettingsRouterDeps {
  webhookPolicy: WebhookPolicy;
  email: { from: string; transport: 'mailbox' | 'resend' };
  /** AUTH_URL when pinned: the origin of links in emails. */
  origin?: string;
  /** "Send test" per user (default: TEST_WEBHOOKS_PER_MINUTE, in memory). */
  testWebhookLimiter?: RateLimiterAbstract;
}

/** Test POSTs per user per minute: enough to debug a receiver, too few to aim the server at one. */
export const TEST_WEBHOOKS_PER_MINUTE = 5;

export function createNotificationSettingsRouter(deps: NotificationSettingsRouterDeps) {
  const testLimiter =
    deps.testWebhookLimiter ??
    new RateLimiterMemory({ points: TEST_WEBHOOKS_PER_MINUTE, duration: 60 });
  return createTRPCRouter({
    get: protectedProcedure.query(({ ctx }) =>
      getNotificationSettings(ctx.db, ctx.session.user.id),
    ),

    update: protectedProcedure.input(notificationSettingsInput).mutation(async ({ ctx, input }) => {
      // The SSRF policy on the URL as typed; every request checks the resolved addresses again.
      const problem = input.webhookUrl
        ? checkWebhookUrl(input.webhookUrl, deps.webhookPolicy)
        : null;
      if (problem)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: problem,
          cause: fieldError('webhookUrl', problem),
        });
      try {
        return await updateNotificationSettings(ctx.db, ctx.session.user.id, {
          ...input,
          email: input.email === '' ? null : input.email,
        });
      } catch (err) {
        if (err instanceof NotificationSettingsInvalidError)
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: err.message,
            cause: fieldError(err.field, err.message),
          });
        throw err;
      }
    }),

    /** Emails a confirmation link to the current alert address (earlier links stop working). */
    sendVerification: protectedProcedure.mutation(async ({ ctx }) => {
      const userId = ctx.session.user.id;
      const recent = await findEmailVerificationSentAfter(
        ctx.db,
        userId,
        new Date(Date.now() - 30_000),
      );
      if (recent)
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `A link was just sent to ${recent.email}. Wait half a minute before sending another.`,
        });
      const issued = await createEmailVerification(ctx.db, userId);
      if (!issued)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'There is no unverified alert email to confirm.',
        });
      await sendVerificationEmail(ctx.db, {
        userId,
        to: issued.email,
        token: issued.token,
        origin: appOrigin(ctx.headers, deps.origin),
        ...deps.email,
      });
      return { sentTo: issued.email, expiresAt: issued.expiresAt.getTime() };
    }),

    /** Replaces the webhook signing secret; the response is the only time it is shown. */
    rotateWebhookSecret: protectedProcedure.mutation(({ ctx }) =>
      rotateWebhookSecret(ctx.db, ctx.session.user.id),
    ),

    /** Sends one signed test POST to the saved webhook URL and says how it went. */
    testWebhook: protectedProcedure.mutation(async ({ ctx }) => {
      const target = await getWebhookTarget(ctx.db, ctx.session.user.id);
      if (!target.url)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'Save a webhook URL first.',
          cause: fieldError('webhookUrl', 'Save a webhook URL first'),
        });
      await testLimiter.consume(ctx.session.user.id).catch((res: unknown) => {
        if (!(res instanceof RateLimiterRes)) throw res;
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `You can send ${TEST_WEBHOOKS_PER_MINUTE} test webhooks a minute. Try again in ${Math.ceil(res.msBeforeNext / 1000)} s.`,
        });
      });
      return sendTestWebhook({
        url: target.url,
        secret: target.secret,
        policy: deps.webhookPolicy,
      });
    }),
  });
}

export const notificationSettingsRouter = createNotificationSettingsRouter({
  // Loopback webhooks (a local bridge) only while developing: see @coinview/webhooks/url-policy.
  webhookPolicy: { allowLoopback: env.NODE_ENV !== 'production' },
  email: { from: emailFrom, transport: emailTransport },
  origin: env.AUTH_URL,
});
