/** The package schema as `GetSchema` answers it (generated into package-schema.ts; see scripts/plugin-schema.mjs). */
import { packageSchema } from "./package-schema";

let text: string | undefined;

/** The schema as JSON text, serialized once. */
export function schemaText(): string {
  text ??= JSON.stringify(packageSchema);
  return text;
}
