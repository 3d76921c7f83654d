// Proves the hand-written migrations build exactly the database schema.prisma describes: every
// model, column (type incl. native type, nullability, default), primary key, unique and plain
// index, foreign key (with referential actions) and enum. Adding a field to schema.prisma
// without a migration, or SQL without a schema change, fails here.
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actualSchema,
  expectedSchema,
  primaryKeyConstraints,
  type SchemaShape,
} from './schema-snapshot';
import { createTestDatabase, type TestDatabase } from './testing';

const schemaPath = new URL('../prisma/schema.prisma', import.meta.url);

describe('migrated database vs schema.prisma', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let expected: SchemaShape;
  let actual: SchemaShape;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    expected = await expectedSchema(await readFile(schemaPath, 'utf8'));
    actual = await actualSchema(client);
  });

  afterAll(async () => {
    await client?.end();
    await database?.cleanup();
  });

  it('has exactly the tables of the models', () => {
    expect(Object.keys(actual.tables).sort()).toEqual(Object.keys(expected.tables).sort());
    // Sanity: the expectation is not vacuous.
    expect(expected.tables.Candle?.columns.open).toEqual({
      type: 'numeric(30,8)',
      nullable: false,
      default: null,
    });
  });

  it('has the enums with their values in order', () => {
    expect(actual.enums).toEqual(expected.enums);
  });

  it.each(['columns', 'indexes', 'foreignKeys'] as const)('matches every table’s %s', (part) => {
    for (const table of Object.keys(expected.tables)) {
      expect({ table, [part]: actual.tables[table]?.[part] }).toEqual({
        table,
        [part]: expected.tables[table]?.[part],
      });
    }
  });

  it('backs every primary index with a primary-key constraint of the same name', async () => {
    const constraints = await primaryKeyConstraints(client);
    for (const [table, shape] of Object.entries(actual.tables)) {
      for (const [name, index] of Object.entries(shape.indexes)) {
        if (index.primary) expect(constraints[name]).toBe(table);
      }
    }
  });
});

describe('expectedSchema', () => {
  it('notices a field that has no column', async () => {
    const schema = await readFile(schemaPath, 'utf8');
    const changed = schema.replace(
      'model RateLimit {',
      'model RateLimit {\n  note String? @db.VarChar(12)',
    );
    const withField = await expectedSchema(changed);
    expect(withField.tables.RateLimit?.columns.note).toEqual({
      type: 'character varying(12)',
      nullable: true,
      default: null,
    });
    expect(withField).not.toEqual(await expectedSchema(schema));
  });
});
