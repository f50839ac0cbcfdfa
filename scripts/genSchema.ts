/** Writes schema/scenario.schema.json from the zod scenario schema (npm run schema). */
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchemaText } from '../sim/scenario/jsonSchema.ts';

const target = new URL('../schema/scenario.schema.json', import.meta.url);
writeFileSync(target, scenarioJsonSchemaText());
console.log(`wrote ${target.pathname}`);
