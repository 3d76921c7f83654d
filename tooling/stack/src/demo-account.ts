// The demo account the README promises: created once, left alone afterwards.
import { hash } from '@node-rs/argon2';
import { getDb } from '@coinview/db/client';
import { createUserWithPassword, findUserByEmail } from '@coinview/db/users';

export async function ensureDemoAccount(
  url: string,
  email: string,
  password: string,
): Promise<'created' | 'exists'> {
  const db = getDb(url);
  try {
    if (await findUserByEmail(db, email)) return 'exists';
    await createUserWithPassword(db, {
      email,
      name: 'Demo trader',
      passwordHash: await hash(password),
    });
    return 'created';
  } finally {
    await db.$disconnect();
  }
}
