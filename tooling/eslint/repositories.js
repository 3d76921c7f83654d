// Apps reach Postgres only through packages/db's repositories (which return plain objects and
// scope every query by userId), never by calling Prisma's model methods themselves: a query
// written in a router or a job is one nobody reviews for its userId scope, and one the next
// feature copies. Syntax-only (no types needed): a call of a Prisma model method or a raw query on
// something named db / tx / prisma (`ctx.db.user.findMany(…)`, `db.$queryRaw…`). A transaction
// that composes repository functions (`db.$transaction((tx) => applyOrderUpdateInTx(tx, …))`) is
// allowed: the unit of work belongs to the caller, the queries to the repositories.
// Tests and test helpers are exempt: they set up and inspect rows directly.
const MODEL_METHODS =
  '/^(findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|findMany|create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|count|aggregate|groupBy)$/';
const RAW_QUERY = '/^\\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe)$/';
const DB_NAME = '/^(db|tx|prisma)$/';
const message =
  'Query the database through a packages/db repository (@coinview/db/<name>), not Prisma directly.';

/** Config blocks for an app package: Prisma only through packages/db. */
export const repositoriesOnly = [
  {
    files: ['**/src/**/*.ts', '**/src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/testing.ts', '**/test-*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        // db.user.findMany(…), tx.order.update(…)
        {
          selector: `CallExpression[callee.property.name=${MODEL_METHODS}][callee.object.object.name=${DB_NAME}]`,
          message,
        },
        // ctx.db.user.findMany(…), this.db.alertRule.update(…), deps.db.order.create(…)
        {
          selector: `CallExpression[callee.property.name=${MODEL_METHODS}][callee.object.object.property.name=${DB_NAME}]`,
          message,
        },
        // db.$queryRaw`…`, ctx.db.$executeRawUnsafe(…)
        { selector: `MemberExpression[property.name=${RAW_QUERY}]`, message },
      ],
    },
  },
];
