import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchemaText } from '../../sim/scenario/jsonSchema.ts';

describe('schema/scenario.schema.json', () => {
  it('equals the schema generated from the zod schema (run `npm run schema` to update)', () => {
    const committed = readFileSync('schema/scenario.schema.json', 'utf8');
    expect(committed).toBe(scenarioJsonSchemaText());
  });
});
