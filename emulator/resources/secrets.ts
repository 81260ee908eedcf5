import { Fields } from "../fields";
import { route } from "../router";

/**
 * `POST /texml/secrets`: an upsert by name. The value is never returned; the
 * emulator keeps only a keyed digest of it (`Store.secretDigest`), so tests can tell that a
 * value changed, and check one they know with `EmulatorHandle.secretMatches`.
 */
export const secretRoutes = [
  route("POST", "/texml/secrets", "CreateTexmlSecret", (req, ctx) => {
    const f = new Fields(req.body);
    const name = f.string("name", { required: true })!;
    const value = f.string("value", { required: true })!;
    const now = ctx.now();
    const existing = ctx.store.secrets.get(name);
    ctx.store.secrets.set(name, { name, valueHmac: ctx.store.secretDigest(value), createdMs: existing?.createdMs ?? now, updatedMs: now });
    ctx.store.touch();
    return { status: 201, body: { data: { name, value: "REDACTED" } } };
  }),
];
