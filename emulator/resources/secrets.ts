import { Fields } from "../fields";
import { route } from "../router";
import { sha256 } from "../state";

/**
 * `POST /texml/secrets`: an upsert by name. The value is never returned; the
 * emulator keeps only its SHA-256 so tests can tell that a value changed.
 */
export const secretRoutes = [
  route("POST", "/texml/secrets", "CreateTexmlSecret", (req, ctx) => {
    const f = new Fields(req.body);
    const name = f.string("name", { required: true })!;
    const value = f.string("value", { required: true })!;
    const now = ctx.now();
    const existing = ctx.store.secrets.get(name);
    ctx.store.secrets.set(name, { name, valueSha256: sha256(value), createdMs: existing?.createdMs ?? now, updatedMs: now });
    ctx.store.touch();
    return { status: 201, body: { data: { name, value: "REDACTED" } } };
  }),
];
