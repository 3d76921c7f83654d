// What a user may set about themselves; shared by the tRPC router and the settings form.
import { z } from 'zod';

export const settingsInputSchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, 'Display name cannot be empty')
    .max(80, 'Display name is at most 80 characters'),
  notificationEmail: z
    .union([z.literal(''), z.email('Enter a valid email address').max(254)])
    .transform((v) => (v === '' ? null : v.toLowerCase())),
});

export type SettingsInput = z.input<typeof settingsInputSchema>;

export const credentialsSchema = z.object({
  email: z
    .email('Enter a valid email address')
    .max(254)
    .transform((v) => v.trim().toLowerCase()),
  password: z.string().min(8, 'Password must be at least 8 characters').max(200),
});

export const registrationSchema = credentialsSchema.extend({
  name: z.string().trim().min(1, 'Tell us what to call you').max(80),
});

/** Changing (or, for an account made by a sign-in link, first setting) the password. */
export const passwordChangeSchema = z
  .object({
    /** Empty when the account has no password yet. */
    currentPassword: z.string().max(200).default(''),
    newPassword: credentialsSchema.shape.password,
    confirmPassword: z.string().max(200),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });

export type PasswordChangeInput = z.input<typeof passwordChangeSchema>;

/** Deleting the account: the password, or the account's email when it has no password. */
export const accountDeletionSchema = z.object({
  confirmation: z.string().trim().min(1, 'Type it to confirm').max(254),
});
